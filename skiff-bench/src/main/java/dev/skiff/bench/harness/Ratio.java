package dev.skiff.bench.harness;

import java.util.Locale;

/** Ratios between two measurements, NaN when either side is missing or the base is zero. */
public final class Ratio {
    private Ratio() {}

    /** {@code value / base}; NaN if either is NaN or negative (unknown), or base is 0. */
    public static double of(double value, double base) {
        if (Double.isNaN(value) || Double.isNaN(base) || value < 0 || base <= 0) {
            return Double.NaN;
        }
        return value / base;
    }

    /** "1.53" or "n/a". */
    public static String format(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** "87 %" or "n/a". */
    public static String percent(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }
}
