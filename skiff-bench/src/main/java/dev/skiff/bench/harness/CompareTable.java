package dev.skiff.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side table of a compare run: every figure for Skiff and Apache RocketMQ, the ratio
 * Skiff/Apache, and whether it meets the project's goal. A second table reads Skiff's (and
 * Apache's) throughput as a fraction of the null broker's, the machine's real ceiling.
 */
public final class CompareTable {
    /** Throughput goals (Skiff/Apache at least) by workload id. */
    public static final Map<String, Goal> THROUGHPUT_GOALS = Map.of(
            "w1", Goal.atLeast(1.5),
            "w2", Goal.atLeast(1.5),
            "w3", Goal.atLeast(1.5),
            "w4", Goal.atLeast(1.5),
            "w6", Goal.atLeast(1.2),
            "w7", Goal.atLeast(1.5),
            "w8", Goal.atLeast(1.5));
    /** p99 goals (Skiff/Apache at most) by workload id. */
    public static final Map<String, Goal> P99_GOALS = Map.of("w5", Goal.atMost(0.5));

    public static final Goal CPU_GOAL = Goal.atMost(0.4);
    /** A feature (authentication) may cost Skiff at most 10 % of its throughput on w1 and w2. */
    public static final Goal AUTH_COST_GOAL = Goal.atLeast(0.9);
    /** Workloads the feature-cost goal applies to. */
    public static final List<String> COST_WORKLOADS = List.of("w1", "w2");

    public static final Goal IDLE_MEMORY_GOAL = Goal.atMost(0.25);
    public static final Goal STARTUP_GOAL = Goal.atMost(0.25);
    public static final Goal NULL_BROKER_GOAL = Goal.atLeast(0.8);
    /** Workloads whose Skiff throughput is read against the null broker's. */
    public static final List<String> NULL_BROKER_WORKLOADS = List.of("w1", "w2", "w3");

    /**
     * One line of a table.
     *
     * @param figure what is measured, with its unit
     * @param left Skiff's value (NaN: not measured)
     * @param right the reference value: Apache's, or the null broker's
     * @param ratio left / right
     * @param goal the target for the ratio, or null
     */
    public record Row(String figure, double left, double right, double ratio, Goal goal) {
        public Boolean met() {
            return goal == null ? null : goal.met(ratio);
        }
    }

    private CompareTable() {}

    /** The main table: per-workload figures, then memory and start-up. */
    public static List<Row> rows(List<WorkloadSpec> specs, SystemResult skiff, SystemResult apache) {
        List<Row> rows = new ArrayList<>();
        for (WorkloadSpec spec : specs) {
            Optional<WorkloadResult> s = skiff.workload(spec.id());
            Optional<WorkloadResult> a = apache.workload(spec.id());
            if (s.isEmpty() && a.isEmpty()) {
                continue;
            }
            String p = spec.id() + " ";
            String rateName = spec.kind() == WorkloadKind.END_TO_END ? "delivered msg/s" : "msg/s";
            rows.add(row(p + rateName, s, a, WorkloadResult::messagesPerSecond, THROUGHPUT_GOALS.get(spec.id())));
            if (spec.kind() != WorkloadKind.DRAIN) {
                String kind = spec.kind() == WorkloadKind.END_TO_END ? "end-to-end" : "send";
                rows.add(row(p + kind + " p50 (ms)", s, a, w -> w.latency().p50Us() / 1e3, null));
                rows.add(row(p + kind + " p99 (ms)", s, a, w -> w.latency().p99Us() / 1e3, P99_GOALS.get(spec.id())));
                rows.add(row(p + kind + " p99.9 (ms)", s, a, w -> w.latency().p999Us() / 1e3, null));
            }
            rows.add(row(p + "broker CPU s per M msgs", s, a, WorkloadResult::brokerCpuSecondsPerMillion, CPU_GOAL));
        }
        rows.add(row(
                "resident memory idle, VmRSS (MiB)",
                mib(skiff.idleRssKb()),
                mib(apache.idleRssKb()),
                IDLE_MEMORY_GOAL));
        rows.add(row(
                "private memory idle, RssAnon (MiB)",
                mib(skiff.idleAnonKb()),
                mib(apache.idleAnonKb()),
                IDLE_MEMORY_GOAL));
        rows.add(row(
                "resident memory under load, peak VmRSS (MiB)", mib(skiff.peakRssKb()), mib(apache.peakRssKb()), null));
        rows.add(row(
                "private memory under load, peak RssAnon (MiB)",
                mib(skiff.peakAnonKb()),
                mib(apache.peakAnonKb()),
                null));
        rows.add(row("start-up to first successful send (ms)", skiff.startupMs(), apache.startupMs(), STARTUP_GOAL));
        return rows;
    }

    /**
     * The same system with a feature on (left) and off (right) in one run: throughput with {@code
     * goal} on the {@link #COST_WORKLOADS}, send p99, broker CPU and load-client (harness JVM) CPU
     * per message without a goal: the two CPU rows split a feature's cost between server and client.
     * A produce workload paced at a fixed rate ({@code --rate}) gets no throughput goal: both sides
     * are offered the same load, and the broker CPU per message is the cost at equal load.
     */
    public static List<Row> costRows(List<WorkloadSpec> specs, SystemResult with, SystemResult without, Goal goal) {
        List<Row> rows = new ArrayList<>();
        for (WorkloadSpec spec : specs) {
            Optional<WorkloadResult> w = with.workload(spec.id());
            Optional<WorkloadResult> o = without.workload(spec.id());
            if (w.isEmpty() || o.isEmpty()) {
                continue;
            }
            String p = spec.id() + " ";
            // a paced workload offers the same rate to both, so its msg/s says nothing of the cost:
            // there the CPU rows are the figures, at equal load
            boolean paced = spec.kind() == WorkloadKind.PRODUCE && spec.targetRate() > 0;
            rows.add(row(
                    p + (paced ? String.format(Locale.ROOT, "msg/s (paced at %,d)", spec.targetRate()) : "msg/s"),
                    w,
                    o,
                    WorkloadResult::messagesPerSecond,
                    COST_WORKLOADS.contains(spec.id()) && !paced ? goal : null));
            if (spec.kind() != WorkloadKind.DRAIN) {
                rows.add(row(p + "p99 (ms)", w, o, r -> r.latency().p99Us() / 1e3, null));
            }
            rows.add(row(p + "broker CPU s per M msgs", w, o, WorkloadResult::brokerCpuSecondsPerMillion, null));
            rows.add(row(p + "load client CPU s per M msgs", w, o, WorkloadResult::clientCpuSecondsPerMillion, null));
        }
        return rows;
    }

    /** Throughput as a fraction of the null broker's on the same workload (left: Skiff or Apache). */
    public static List<Row> nullBrokerRows(List<WorkloadSpec> specs, SystemResult system, SystemResult nullBroker) {
        List<Row> rows = new ArrayList<>();
        for (WorkloadSpec spec : specs) {
            Optional<WorkloadResult> n = nullBroker.workload(spec.id());
            Optional<WorkloadResult> s = system.workload(spec.id());
            if (n.isEmpty() || s.isEmpty()) {
                continue;
            }
            Goal goal = system.system().equals("skiff") && NULL_BROKER_WORKLOADS.contains(spec.id())
                    ? NULL_BROKER_GOAL
                    : null;
            rows.add(row(spec.id() + " msg/s", s, n, WorkloadResult::messagesPerSecond, goal));
        }
        return rows;
    }

    /** A markdown table with the given column names for the left and right values. */
    public static String markdown(List<Row> rows, String leftName, String rightName, String ratioName) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | ")
                .append(leftName)
                .append(" | ")
                .append(rightName)
                .append(" | ");
        out.append(ratioName).append(" | goal | met |\n");
        out.append("|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            Boolean met = r.met();
            out.append("| ")
                    .append(r.figure())
                    .append(" | ")
                    .append(number(r.left()))
                    .append(" | ")
                    .append(number(r.right()))
                    .append(" | ")
                    .append(Ratio.format(r.ratio()))
                    .append(" | ")
                    .append(r.goal() == null ? "" : r.goal().toString())
                    .append(" | ")
                    .append(met == null ? "" : met ? "yes" : "**no**")
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Numbers as people read them: thousands separators, decimals only where small. */
    public static String number(double v) {
        if (Double.isNaN(v) || v < 0) {
            return "n/a";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static Row row(
            String figure,
            Optional<WorkloadResult> left,
            Optional<WorkloadResult> right,
            ToDoubleFunction<WorkloadResult> value,
            Goal goal) {
        double l = left.map(value::applyAsDouble).orElse(Double.NaN);
        double r = right.map(value::applyAsDouble).orElse(Double.NaN);
        return row(figure, l, r, goal);
    }

    private static Row row(String figure, double left, double right, Goal goal) {
        return new Row(figure, left, right, Ratio.of(left, right), goal);
    }

    private static double mib(long kb) {
        return kb < 0 ? Double.NaN : kb / 1024.0;
    }
}
