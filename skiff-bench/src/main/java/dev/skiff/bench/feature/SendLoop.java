package dev.skiff.bench.feature;

import dev.skiff.bench.harness.LatencyRecorder;
import dev.skiff.bench.harness.LatencySummary;
import dev.skiff.bench.harness.Pacer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a blocking send from {@code threads} threads, back to back, for a fixed time, and counts
 * successes, failures and the latency of each call (its start to its return). Threads are joined
 * with a bound: a send is itself bounded by the client's send timeout.
 */
final class SendLoop {
    /**
     * One blocking send; returns whether the broker accepted it. {@code intendedNs} is the
     * operation's start on the schedule ({@code nanoTime}; unpaced: when the thread took it).
     */
    @FunctionalInterface
    interface Send {
        boolean send(long sequence, long intendedNs) throws Exception;
    }

    /**
     * What a phase did.
     *
     * @param ok accepted sends
     * @param failed sends that threw or were not accepted
     * @param seconds length of the phase
     * @param latency per send, start to return
     * @param firstFailure the first failure's text, or null
     */
    record Outcome(long ok, long failed, double seconds, LatencySummary latency, String firstFailure) {
        double perSecond() {
            return seconds <= 0 ? 0 : ok / seconds;
        }
    }

    private SendLoop() {}

    /**
     * Like {@link #run} for at most {@code maxMs}, but each thread also stops when its send throws
     * {@link TransactionCheckWorkload.StopSending} (a fixed count is sent); that throw is no failure.
     */
    static Outcome untilDone(int threads, long maxMs, Send send, PrintStream out, String label)
            throws InterruptedException {
        return run(threads, Duration.ofMillis(maxMs), send, out, label);
    }

    static Outcome run(int threads, Duration length, Send send, PrintStream out, String label)
            throws InterruptedException {
        return paced(threads, length, 0, send, out, label);
    }

    /**
     * Sends at {@code ratePerSecond} in total (0 = back to back) on a fixed schedule; latency is
     * measured from each operation's intended start, so a stall counts against every operation
     * it held back.
     */
    static Outcome paced(int threads, Duration length, int ratePerSecond, Send send, PrintStream out, String label)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean reported = new AtomicBoolean();
        String[] firstFailure = new String[1];
        LatencyRecorder latency = new LatencyRecorder();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        Pacer pacer = new Pacer(ratePerSecond, start, System::nanoTime);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(
                    () -> {
                        for (long begin = pacer.awaitNext(deadline); begin >= 0; begin = pacer.awaitNext(deadline)) {
                            boolean accepted;
                            String why = "not accepted";
                            try {
                                accepted = send.send(sequence.getAndIncrement(), begin);
                            } catch (TransactionCheckWorkload.StopSending done) {
                                return;
                            } catch (Exception e) {
                                accepted = false;
                                why = e.toString();
                            }
                            if (accepted) {
                                latency.recordNanos(System.nanoTime() - begin);
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                if (reported.compareAndSet(false, true)) {
                                    firstFailure[0] = why;
                                    out.printf("[%s] first failed send: %s%n", label, why);
                                }
                            }
                        }
                    },
                    "feature-send-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        long joinBoundMs = length.toMillis() + 4L * OfficialClients.SEND_TIMEOUT_MS;
        for (Thread w : workers) {
            w.join(Math.max(1, joinBoundMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        }
        double seconds = (System.nanoTime() - start) / 1e9; // to the last thread's end
        Outcome o =
                new Outcome(ok.get(), failed.get(), seconds, LatencySummary.ofNanos(latency.total()), firstFailure[0]);
        out.printf(
                "[%s] %,d sent in %.1f s = %,.0f/s, %,d failed, p50 %.2f ms p99 %.2f ms%n",
                label,
                o.ok(),
                seconds,
                o.perSecond(),
                o.failed(),
                o.latency().p50Us() / 1e3,
                o.latency().p99Us() / 1e3);
        return o;
    }
}
