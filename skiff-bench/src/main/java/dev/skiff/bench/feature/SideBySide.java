package dev.skiff.bench.feature;

import dev.skiff.bench.harness.CompareTable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The markdown table of one feature workload: every figure for Skiff and Apache RocketMQ, the
 * ratio Skiff/Apache, and whether Skiff is the better of the two by that figure's direction. A
 * figure only one system produced shows "n/a" for the other and no ratio.
 */
public final class SideBySide {
    private SideBySide() {}

    public static String markdown(String title, Figures skiff, Figures apache) {
        StringBuilder b = new StringBuilder();
        b.append("#### ").append(title).append("\n\n");
        b.append("| figure | Skiff | Apache 5.5.0 | Skiff / Apache | better |\n");
        b.append("|---|---:|---:|---:|---|\n");
        Set<String> names = new LinkedHashSet<>();
        skiff.all().forEach(f -> names.add(f.name()));
        apache.all().forEach(f -> names.add(f.name()));
        for (String name : names) {
            double s = skiff.value(name);
            double a = apache.value(name);
            double ratio = ratio(s, a);
            boolean higher = direction(name, skiff, apache);
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    name,
                    CompareTable.number(s),
                    CompareTable.number(a),
                    Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio),
                    better(s, a, higher)));
        }
        for (String note : skiff.notes()) {
            b.append("\nSkiff: ").append(note).append('\n');
        }
        for (String note : apache.notes()) {
            b.append("\nApache: ").append(note).append('\n');
        }
        return b.toString();
    }

    /** {@code s / a}; NaN when either is unknown or negative, or {@code a} is zero. */
    static double ratio(double s, double a) {
        if (Double.isNaN(s) || Double.isNaN(a) || s < 0 || a <= 0) {
            return Double.NaN;
        }
        return s / a;
    }

    /** "Skiff", "Apache", "same" or "n/a", by the figure's direction. */
    static String better(double s, double a, boolean higherIsBetter) {
        if (Double.isNaN(s) || Double.isNaN(a) || s < 0 || a < 0) {
            return "n/a";
        }
        if (s == a) {
            return "same";
        }
        return (s > a) == higherIsBetter ? "Skiff" : "Apache";
    }

    private static boolean direction(String name, Figures skiff, Figures apache) {
        return skiff.all().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .or(() ->
                        apache.all().stream().filter(f -> f.name().equals(name)).findFirst())
                .map(Figures.Figure::higherIsBetter)
                .orElse(true);
    }
}
