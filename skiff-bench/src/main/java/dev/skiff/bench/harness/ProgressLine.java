package dev.skiff.bench.harness;

import java.util.Locale;

/**
 * The one-line status printed every second while a workload runs, e.g.
 * {@code [skiff w1]  12 s   15,234 msg/s  p50 0.84 ms  p99 3.21 ms  errors 0}.
 */
public final class ProgressLine {
    private ProgressLine() {}

    /**
     * @param label system and workload
     * @param elapsedS seconds since the phase began
     * @param phase "warm-up" or "measure"
     * @param count operations in this interval
     * @param intervalS interval length in seconds
     * @param latency latency of the interval
     * @param errors errors so far
     */
    public static String format(
            String label,
            long elapsedS,
            String phase,
            long count,
            double intervalS,
            LatencySummary latency,
            long errors) {
        double rate = intervalS <= 0 ? 0 : count / intervalS;
        return String.format(
                Locale.ROOT,
                "[%s] %-7s %4d s %,11.0f msg/s  p50 %8.2f ms  p99 %8.2f ms  errors %,d",
                label,
                phase,
                elapsedS,
                rate,
                latency.p50Us() / 1e3,
                latency.p99Us() / 1e3,
                errors);
    }
}
