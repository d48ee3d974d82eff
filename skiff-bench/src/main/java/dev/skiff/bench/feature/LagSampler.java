package dev.skiff.bench.feature;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;

/**
 * Asks a master for its HA status ({@code GET_BROKER_HA_STATUS}, as {@code mqadmin haStatus}
 * does) every {@link #PERIOD_MS} ms from its own thread until closed, and keeps the largest
 * {@code diff} over the slaves of each answer. Failed asks are counted, not sampled.
 */
final class LagSampler implements AutoCloseable {
    static final long PERIOD_MS = 50;
    private static final long ASK_TIMEOUT_MS = 3_000;

    private final long[] samples = new long[LagStats.SAMPLES_MAX];
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile int count;
    private volatile int failures;

    LagSampler(MQClientAPIImpl api, String masterAddr, PrintStream out) {
        thread = new Thread(
                () -> {
                    try {
                        do {
                            sample(api, masterAddr, out);
                        } while (!stop.await(PERIOD_MS, TimeUnit.MILLISECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "feature-lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample(MQClientAPIImpl api, String masterAddr, PrintStream out) throws InterruptedException {
        try {
            long behind = maxDiff(api.getBrokerHAStatus(masterAddr, ASK_TIMEOUT_MS));
            if (behind >= 0 && count < samples.length) {
                samples[count] = behind;
                count = count + 1; // single writer
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (failures++ == 0) {
                out.printf("[lag] HA status failed: %s%n", e);
            }
        }
    }

    /** Largest bytes-behind over the master's slave connections, -1 when it has none. */
    static long maxDiff(HARuntimeInfo info) {
        if (info == null || info.getHaConnectionInfo() == null) {
            return -1;
        }
        return info.getHaConnectionInfo().stream()
                .mapToLong(HARuntimeInfo.HAConnectionRuntimeInfo::getDiff)
                .max()
                .orElse(-1);
    }

    /** Stops sampling and returns what was sampled. */
    LagStats finish() throws InterruptedException {
        stop.countDown();
        thread.join(ASK_TIMEOUT_MS * 2);
        return LagStats.of(samples, count);
    }

    int failures() {
        return failures;
    }

    @Override
    public void close() {
        stop.countDown();
    }
}
