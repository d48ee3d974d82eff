package dev.skiff.bench.feature;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures one feature workload measured on one system, in the order they were added. Each
 * figure says whether a higher or a lower value is better, so a table can read a ratio. Not
 * thread-safe: one workload fills it on one thread.
 */
public final class Figures {
    /** Most figures one workload may record. */
    static final int FIGURES_MAX = 64;

    /**
     * One measured value.
     *
     * @param name what is measured, with its unit
     * @param value the value, NaN when it could not be measured
     * @param higherIsBetter whether more is better (throughput) or less (latency, CPU, memory)
     */
    public record Figure(String name, double value, boolean higherIsBetter) {}

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Adds a figure where more is better. */
    public Figures higher(String name, double value) {
        return add(new Figure(name, value, true));
    }

    /** Adds a figure where less is better. */
    public Figures lower(String name, double value) {
        return add(new Figure(name, value, false));
    }

    /** Adds a line of text shown under the workload's table (what happened, what is missing). */
    public Figures note(String note) {
        if (notes.size() < FIGURES_MAX) {
            notes.add(note);
        }
        return this;
    }

    private Figures add(Figure f) {
        if (figures.size() >= FIGURES_MAX) {
            throw new IllegalStateException("more than " + FIGURES_MAX + " figures in one workload");
        }
        figures.add(f);
        return this;
    }

    public List<Figure> all() {
        return List.copyOf(figures);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The value of the figure named {@code name}, NaN if absent. */
    public double value(String name) {
        return figures.stream()
                .filter(f -> f.name().equals(name))
                .mapToDouble(Figure::value)
                .findFirst()
                .orElse(Double.NaN);
    }
}
