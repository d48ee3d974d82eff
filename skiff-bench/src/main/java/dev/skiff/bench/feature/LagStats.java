package dev.skiff.bench.feature;

import java.util.Arrays;

/**
 * Replication lag read from a master's HA status samples: each sample is the largest
 * {@code diff} (bytes the master has that a slave has not acknowledged) over its slaves. Lag in
 * time is estimated as bytes behind divided by the write rate of the same window; a lag of 0 bytes
 * is 0 ms. Samples are kept in a bounded array: past {@link #SAMPLES_MAX} the rest are dropped.
 *
 * @param samples samples taken
 * @param p50Bytes median bytes behind
 * @param p99Bytes 99th percentile (nearest rank) bytes behind
 * @param maxBytes most bytes behind
 */
public record LagStats(int samples, long p50Bytes, long p99Bytes, long maxBytes) {
    public static final int SAMPLES_MAX = 100_000;
    public static final LagStats NONE = new LagStats(0, -1, -1, -1);

    /** Percentiles of {@code bytesBehind} (first {@code count} entries); {@link #NONE} if empty. */
    public static LagStats of(long[] bytesBehind, int count) {
        if (count <= 0) {
            return NONE;
        }
        long[] sorted = Arrays.copyOf(bytesBehind, count);
        Arrays.sort(sorted);
        return new LagStats(count, rank(sorted, 50), rank(sorted, 99), sorted[count - 1]);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    /** {@code bytes} behind in ms at {@code bytesPerSecond}; NaN when either is unknown. */
    public static double millis(long bytes, double bytesPerSecond) {
        if (bytes < 0 || Double.isNaN(bytesPerSecond)) {
            return Double.NaN;
        }
        if (bytes == 0) {
            return 0;
        }
        return bytesPerSecond <= 0 ? Double.NaN : bytes * 1000.0 / bytesPerSecond;
    }
}
