package dev.skiff.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A two-panel SVG chart of a run, written by hand (no plotting library): grouped bars of
 * throughput per workload (left) and of p99 latency per workload (right), one colour per system.
 * Each workload's bars scale to that workload's largest value (figures differ by two orders of
 * magnitude between workloads); every bar carries its number.
 */
public final class SvgPlot {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#7f7f7f", "#2ca02c"};
    private static final int PANEL_W = 560;
    private static final int PANEL_H = 320;
    private static final int MARGIN = 50;

    private SvgPlot() {}

    public static String render(String title, List<WorkloadSpec> specs, List<SystemResult> systems) {
        StringBuilder svg = new StringBuilder();
        int width = 2 * PANEL_W + 3 * MARGIN;
        int height = PANEL_H + MARGIN + 40;
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                width,
                height));
        svg.append(text(width / 2.0, 20, "middle", 15, escape(title)));
        List<String> ids = specs.stream().map(WorkloadSpec::id).toList();
        panel(
                svg,
                MARGIN,
                40,
                "throughput, msg/s (higher is better; bars scaled per workload)",
                ids,
                systems,
                w -> w.messagesPerSecond());
        List<String> latencyIds = specs.stream()
                .filter(s -> s.kind() != WorkloadKind.DRAIN)
                .map(WorkloadSpec::id)
                .toList();
        panel(
                svg,
                2 * MARGIN + PANEL_W,
                40,
                "p99 latency, ms (lower is better; bars scaled per workload)",
                latencyIds,
                systems,
                w -> w.latency().p99Us() / 1e3);
        for (int i = 0; i < systems.size(); i++) {
            double x = MARGIN + i * 140;
            double y = height - 15;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x,
                    y - 10,
                    COLOURS[i % COLOURS.length]));
            svg.append(text(x + 16, y, "start", 12, escape(systems.get(i).system())));
        }
        return svg.append("</svg>\n").toString();
    }

    private interface Value {
        double of(WorkloadResult w);
    }

    private static void panel(
            StringBuilder svg,
            int x0,
            int y0,
            String title,
            List<String> ids,
            List<SystemResult> systems,
            Value value) {
        List<double[]> values = new ArrayList<>();
        for (String id : ids) {
            double[] row = new double[systems.size()];
            for (int s = 0; s < systems.size(); s++) {
                Optional<WorkloadResult> w = systems.get(s).workload(id);
                row[s] = w.map(value::of).orElse(Double.NaN);
            }
            values.add(row);
        }
        svg.append(text(x0 + PANEL_W / 2.0, y0 + 5, "middle", 13, escape(title)));
        double plotTop = y0 + 25;
        double plotH = PANEL_H - 40;
        double baseY = plotTop + plotH;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>%n",
                x0,
                baseY,
                x0 + PANEL_W,
                baseY));
        if (ids.isEmpty()) {
            return;
        }
        double groupW = (double) PANEL_W / ids.size();
        double barW = Math.max(2, (groupW - 10) / Math.max(1, systems.size()));
        for (int g = 0; g < ids.size(); g++) {
            double gx = x0 + g * groupW + 5;
            double max = 0; // each workload scales to its own largest value: they differ by 100x
            for (double v : values.get(g)) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
            for (int s = 0; s < systems.size(); s++) {
                double v = values.get(g)[s];
                if (Double.isNaN(v) || max <= 0) {
                    continue;
                }
                double h = v / (max * 1.2) * plotH; // headroom for the label
                double bx = gx + s * barW;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                        bx,
                        baseY - h,
                        barW - 1,
                        h,
                        COLOURS[s % COLOURS.length]));
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"8\" text-anchor=\"start\" transform=\"rotate(-90 %.1f"
                                + " %.1f)\">%s</text>%n",
                        bx + barW / 2,
                        baseY - h - 3,
                        bx + barW / 2,
                        baseY - h - 3,
                        CompareTable.number(v)));
            }
            svg.append(text(gx + groupW / 2 - 5, baseY + 14, "middle", 11, escape(ids.get(g))));
        }
    }

    private static String text(double x, double y, String anchor, int size, String content) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x,
                y,
                anchor,
                size,
                content);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
