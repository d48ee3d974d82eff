package dev.skiff.bench.harness;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in microseconds.
 *
 * @param count recorded values
 */
public record LatencySummary(long count, double p50Us, double p99Us, double p999Us, double maxUs) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    /** Reads a histogram whose values are nanoseconds. */
    public static LatencySummary ofNanos(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3);
    }
}
