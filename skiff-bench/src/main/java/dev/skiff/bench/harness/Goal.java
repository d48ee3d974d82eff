package dev.skiff.bench.harness;

import java.util.Locale;

/**
 * A target for a Skiff/Apache ratio (or a Skiff/null-broker fraction): at least or at most a bound.
 */
public record Goal(boolean atLeast, double bound) {

    public static Goal atLeast(double bound) {
        return new Goal(true, bound);
    }

    public static Goal atMost(double bound) {
        return new Goal(false, bound);
    }

    /** Whether {@code ratio} meets the goal; null when the ratio is unknown. */
    public Boolean met(double ratio) {
        if (Double.isNaN(ratio)) {
            return null;
        }
        return atLeast ? ratio >= bound : ratio <= bound;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.2f", atLeast ? "≥" : "≤", bound);
    }
}
