package dev.skiff.bench.harness;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Fixed-rate schedule shared by all sender threads: operation {@code n} is intended to start at
 * {@code start + n / rate}. Latency in fixed-rate mode is measured from that intended start, not
 * from when the sender actually got round to it, so a stalled broker shows up as queueing delay
 * of every operation it held back (coordinated-omission correction) instead of as a single slow
 * one. An unpaced pacer (rate 0) hands out "now".
 */
public final class Pacer {
    private final long startNs;
    private final double intervalNs;
    private final LongSupplier nanoClock;
    private final AtomicLong issued = new AtomicLong();

    /**
     * @param ratePerSec operations per second, 0 for unpaced
     * @param startNs intended start of operation 0
     * @param nanoClock monotonic clock ({@code System::nanoTime} outside tests)
     */
    public Pacer(int ratePerSec, long startNs, LongSupplier nanoClock) {
        if (ratePerSec < 0) {
            throw new IllegalArgumentException("rate must not be negative: " + ratePerSec);
        }
        this.startNs = startNs;
        this.intervalNs = ratePerSec == 0 ? 0 : 1e9 / ratePerSec;
        this.nanoClock = nanoClock;
    }

    public boolean paced() {
        return intervalNs > 0;
    }

    /** Intended start of operation {@code n} (0-based). */
    public long intendedStartNs(long n) {
        return startNs + (long) (n * intervalNs);
    }

    /** How many operations have been handed out. */
    public long issued() {
        return issued.get();
    }

    /**
     * Claims the next operation and waits (parking, bounded by {@code deadlineNs}) until its
     * intended start. Returns that intended start, or -1 when the deadline comes first. Unpaced:
     * returns the current time at once (or -1 past the deadline).
     */
    public long awaitNext(long deadlineNs) {
        if (!paced()) {
            long now = nanoClock.getAsLong();
            return now - deadlineNs >= 0 ? -1 : now;
        }
        long intended = intendedStartNs(issued.getAndIncrement());
        if (intended - deadlineNs >= 0) {
            return -1;
        }
        for (long now = nanoClock.getAsLong(); intended - now > 0; now = nanoClock.getAsLong()) {
            LockSupport.parkNanos(intended - now);
        }
        return intended;
    }

    /** Operations that should have started by {@code nowNs}, for "how far behind" checks. */
    public long dueBy(long nowNs) {
        if (!paced() || nowNs - startNs < 0) {
            return 0;
        }
        return (long) ((nowNs - startNs) / intervalNs) + 1;
    }
}
