package dev.skiff.common.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram's running counts without any metrics library: fixed ascending upper bounds
 * (inclusive), one {@link LongAdder} per bucket plus one for values above the last bound, and a
 * sum. {@link #observe} allocates nothing and takes no lock, so it may sit on a hot path; readers
 * ({@link #counts}, {@link #sum}) see each adder's current total. Usable from modules that do not
 * depend on the Prometheus client (the store); {@link Snapshots#histogramPoint} turns it into a
 * data point.
 */
public final class Buckets {
    private final long[] bounds;
    private final LongAdder[] counts;
    private final LongAdder sum = new LongAdder();

    /** @param bounds ascending upper bounds, at least one */
    public Buckets(long... bounds) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException("at least one bound");
        }
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("bounds must ascend: " + bounds[i - 1] + ", " + bounds[i]);
            }
        }
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one value. */
    public void observe(long value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts[i].increment();
        sum.add(value);
    }

    /** The upper bounds, as doubles (the last bucket, above them, is {@code +Inf}). */
    public double[] bounds() {
        double[] out = new double[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            out[i] = bounds[i];
        }
        return out;
    }

    /** Per-bucket counts now, one more than {@link #bounds}. */
    public long[] counts() {
        long[] out = new long[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i].sum();
        }
        return out;
    }

    /** The sum of every value observed. */
    public long sum() {
        return sum.sum();
    }
}
