package dev.skiff.common.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Short builders for the Prometheus client's snapshot types. A counter's name is given without
 * its {@code _total} suffix, which the text format adds; a histogram's buckets are per-bucket
 * counts (not cumulative) ending with the {@code +Inf} bucket.
 */
public final class Snapshots {
    private Snapshots() {}

    /** A counter family being built. */
    public static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    /** A gauge family being built. */
    public static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    /** A histogram family being built. */
    public static HistogramSnapshot.Builder histogram(String name, String help) {
        return HistogramSnapshot.builder().name(name).help(help);
    }

    public static CounterDataPointSnapshot counterPoint(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    public static GaugeDataPointSnapshot gaugePoint(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    /**
     * A histogram data point.
     *
     * @param upperBounds the finite bucket bounds, ascending
     * @param counts per-bucket counts, one more than {@code upperBounds} (the last is {@code +Inf})
     */
    public static HistogramDataPointSnapshot histogramPoint(
            Labels labels, double[] upperBounds, long[] counts, double sum) {
        if (counts.length != upperBounds.length + 1) {
            throw new IllegalArgumentException(
                    "counts " + counts.length + " must be one more than bounds " + upperBounds.length);
        }
        double[] bounds = new double[counts.length];
        System.arraycopy(upperBounds, 0, bounds, 0, upperBounds.length);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder()
                .labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                .sum(sum)
                .build();
    }
}
