package dev.skiff.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ratios of paired measurements, each pair taken close together in time (A then B, or B then A),
 * so that a machine's slow drifts hit both sides of a pair alike: the per-pair ratios, their
 * median, mean, standard error of the mean and range.
 */
public final class PairedRatios {
    private final double[] ratios;

    private PairedRatios(double[] ratios) {
        this.ratios = ratios;
    }

    /** Ratios {@code a[i] / b[i]}; both lists the same non-zero length, every value positive. */
    public static PairedRatios of(List<Double> a, List<Double> b) {
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException(
                    "need equally many figures on both sides, at least one: " + a.size() + " / " + b.size());
        }
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            double x = a.get(i);
            double y = b.get(i);
            if (!(x > 0) || !(y > 0)) {
                throw new IllegalArgumentException(
                        "figures must be positive: pair " + (i + 1) + " is " + x + " / " + y);
            }
            r[i] = x / y;
        }
        return new PairedRatios(r);
    }

    public List<Double> ratios() {
        List<Double> list = new ArrayList<>(ratios.length);
        for (double r : ratios) {
            list.add(r);
        }
        return list;
    }

    public int count() {
        return ratios.length;
    }

    public double median() {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double mean() {
        return Arrays.stream(ratios).average().orElseThrow();
    }

    /** Standard error of the mean (sample standard deviation / √n); 0 for a single pair. */
    public double standardError() {
        int n = ratios.length;
        if (n < 2) {
            return 0;
        }
        double mean = mean();
        double squares = 0;
        for (double r : ratios) {
            squares += (r - mean) * (r - mean);
        }
        return Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }

    public double min() {
        return Arrays.stream(ratios).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(ratios).max().orElseThrow();
    }
}
