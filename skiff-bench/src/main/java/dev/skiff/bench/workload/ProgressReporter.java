package dev.skiff.bench.workload;

import dev.skiff.bench.harness.LatencyRecorder;
import dev.skiff.bench.harness.LatencySummary;
import dev.skiff.bench.harness.ProgressLine;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a {@link ProgressLine} every second from its own daemon thread until closed. It is the
 * single reader of the latency recorder's intervals (each interval also goes into the total).
 */
final class ProgressReporter implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    ProgressReporter(
            PrintStream out,
            String label,
            String phase,
            LongSupplier count,
            LongSupplier errors,
            LatencyRecorder latency) {
        long startNs = System.nanoTime();
        thread = new Thread(
                () -> {
                    long lastCount = count.getAsLong();
                    long lastNs = startNs;
                    while (running) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        long now = System.nanoTime();
                        long c = count.getAsLong();
                        LatencySummary interval = LatencySummary.ofNanos(latency.takeInterval());
                        out.println(ProgressLine.format(
                                label,
                                TimeUnit.NANOSECONDS.toSeconds(now - startNs),
                                phase,
                                c - lastCount,
                                (now - lastNs) / 1e9,
                                interval,
                                errors.getAsLong()));
                        lastCount = c;
                        lastNs = now;
                    }
                },
                "bench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
