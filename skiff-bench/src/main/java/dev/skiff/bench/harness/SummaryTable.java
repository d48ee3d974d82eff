package dev.skiff.bench.harness;

import java.util.List;

/** The end-of-run table for one system: one line per workload with throughput and latency. */
public final class SummaryTable {
    private SummaryTable() {}

    public static String markdown(SystemResult system, List<WorkloadSpec> specs) {
        StringBuilder out = new StringBuilder();
        out.append("| ")
                .append(system.system())
                .append(" | what | msg/s | MiB/s | p50 ms | p99 ms | p99.9 ms | max ms |");
        out.append(" errors | broker CPU s / M msgs |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (WorkloadResult w : system.workloads()) {
            String title = specs.stream()
                    .filter(s -> s.id().equals(w.workload()))
                    .map(WorkloadSpec::title)
                    .findFirst()
                    .orElse("");
            LatencySummary l = w.latency();
            boolean hasLatency = l.count() > 0;
            out.append("| ")
                    .append(w.workload())
                    .append(" | ")
                    .append(title)
                    .append(" | ")
                    .append(CompareTable.number(w.messagesPerSecond()))
                    .append(" | ")
                    .append(CompareTable.number(w.mebibytesPerSecond()))
                    .append(" | ")
                    .append(hasLatency ? CompareTable.number(l.p50Us() / 1e3) : "")
                    .append(" | ")
                    .append(hasLatency ? CompareTable.number(l.p99Us() / 1e3) : "")
                    .append(" | ")
                    .append(hasLatency ? CompareTable.number(l.p999Us() / 1e3) : "")
                    .append(" | ")
                    .append(hasLatency ? CompareTable.number(l.maxUs() / 1e3) : "")
                    .append(" | ")
                    .append(w.errors())
                    .append(" | ")
                    .append(CompareTable.number(w.brokerCpuSecondsPerMillion()))
                    .append(" |\n");
        }
        return out.toString();
    }
}
