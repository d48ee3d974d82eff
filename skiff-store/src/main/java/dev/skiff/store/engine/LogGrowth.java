package dev.skiff.store.engine;

import dev.skiff.common.SkiffClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Tells replication senders that the log grew. The append path calls {@link #signal()} after every
 * append: a volatile read while no sender waits, a monitor notify only when one does. A sender
 * waits in bounded slices, so a missed notify (it registers just after an append's check) costs at
 * most one slice.
 */
public final class LogGrowth {
    /** Longest single wait: the bound on a missed wake-up. */
    private static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final LongSupplier end;
    private final SkiffClock clock;
    private final AtomicInteger waiters = new AtomicInteger();
    private final Object monitor = new Object();

    /**
     * @param end the log's current end offset
     * @param clock times the waits' bounds (they park for real: use a system clock outside tests)
     */
    public LogGrowth(LongSupplier end, SkiffClock clock) {
        this.end = end;
        this.clock = clock;
    }

    /** Called after each append. */
    public void signal() {
        if (waiters.get() > 0) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /** Waits until the end passes {@code offset}, at most {@code timeoutNs}; whether it did. */
    public boolean await(long offset, long timeoutNs) {
        if (end.getAsLong() > offset) {
            return true;
        }
        long deadline = clock.monotonicNs() + timeoutNs;
        waiters.incrementAndGet();
        try {
            synchronized (monitor) {
                while (end.getAsLong() <= offset) {
                    long left = deadline - clock.monotonicNs();
                    if (left <= 0) {
                        return false;
                    }
                    long slice = Math.min(left, SLICE_NS);
                    monitor.wait(slice / 1_000_000, (int) (slice % 1_000_000));
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return end.getAsLong() > offset;
        } finally {
            waiters.decrementAndGet();
        }
    }
}
