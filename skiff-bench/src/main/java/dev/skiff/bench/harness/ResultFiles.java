package dev.skiff.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Machine-readable output of a run: {@code results.json} (everything, nested) and
 * {@code results.csv} (one line per system and workload, for spreadsheets and plots).
 */
public final class ResultFiles {
    static final String CSV_HEADER = "system,workload,messages,sent,errors,seconds,msg_per_s,mib_per_s,"
            + "p50_us,p99_us,p999_us,max_us,broker_cpu_s_per_million,loaded_rss_kb,loaded_anon_kb,"
            + "client_cpu_s_per_million";

    private ResultFiles() {}

    /** Writes both files into {@code dir}; returns their paths (json, csv). */
    public static List<Path> write(
            Path dir, String command, List<SystemResult> systems, MachineLimits limits, List<CompareTable.Row> table)
            throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("results.json");
        Path csv = dir.resolve("results.csv");
        Files.writeString(json, json(command, systems, limits, table));
        Files.writeString(csv, csv(systems, limits));
        return List.of(json, csv);
    }

    /** One CSV line per system and workload (the null broker's included as system "null"). */
    public static String csv(List<SystemResult> systems, MachineLimits limits) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (SystemResult s : withNull(systems, limits)) {
            for (WorkloadResult w : s.workloads()) {
                LatencySummary l = w.latency();
                out.append(String.join(
                                ",",
                                w.system(),
                                w.workload(),
                                Long.toString(w.messages()),
                                Long.toString(w.sent()),
                                Long.toString(w.errors()),
                                num(w.seconds()),
                                num(w.messagesPerSecond()),
                                num(w.mebibytesPerSecond()),
                                num(l.p50Us()),
                                num(l.p99Us()),
                                num(l.p999Us()),
                                num(l.maxUs()),
                                num(w.brokerCpuSecondsPerMillion()),
                                Long.toString(w.loadedRssKb()),
                                Long.toString(w.loadedAnonKb()),
                                num(w.clientCpuSecondsPerMillion())))
                        .append('\n');
            }
        }
        return out.toString();
    }

    public static String json(
            String command, List<SystemResult> systems, MachineLimits limits, List<CompareTable.Row> table) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"command\": ").append(str(command)).append(",\n");
        out.append("  \"systems\": [");
        for (int i = 0; i < systems.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append(system(systems.get(i), "    "));
        }
        out.append("\n  ],\n");
        out.append("  \"limits\": ")
                .append(limits == null ? "null" : limits(limits))
                .append(",\n");
        out.append("  \"table\": [");
        for (int i = 0; i < table.size(); i++) {
            CompareTable.Row r = table.get(i);
            Boolean met = r.met();
            out.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"figure\": ")
                    .append(str(r.figure()))
                    .append(", \"skiff\": ")
                    .append(num(r.left()))
                    .append(", \"apache\": ")
                    .append(num(r.right()))
                    .append(", \"ratio\": ")
                    .append(num(r.ratio()))
                    .append(", \"goal\": ")
                    .append(r.goal() == null ? "null" : str(r.goal().toString()))
                    .append(", \"met\": ")
                    .append(met == null ? "null" : met.toString())
                    .append('}');
        }
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    private static String limits(MachineLimits l) {
        return "{\"diskWriteMiBps\": " + num(l.diskWriteMiBps())
                + ", \"diskWriteThenSyncMiBps\": " + num(l.diskWriteThenSyncMiBps())
                + ", \"diskFsyncMiBps\": " + num(l.diskFsyncMiBps())
                + ", \"fsync4kPerSecond\": " + num(l.fsync4kPerSecond())
                + ", \"loopbackMiBps\": " + num(l.loopbackMiBps())
                + ", \"nullBroker\": "
                + (l.nullBroker() == null
                        ? "null"
                        : system(l.nullBroker(), "  ").strip())
                + "}";
    }

    private static String system(SystemResult s, String indent) {
        StringBuilder out = new StringBuilder(indent).append("{\"system\": ").append(str(s.system()));
        out.append(", \"startupMs\": ").append(num(s.startupMs()));
        out.append(", \"idleRssKb\": ").append(s.idleRssKb());
        out.append(", \"idleAnonKb\": ").append(s.idleAnonKb());
        out.append(", \"workloads\": [");
        for (int i = 0; i < s.workloads().size(); i++) {
            WorkloadResult w = s.workloads().get(i);
            LatencySummary l = w.latency();
            out.append(i == 0 ? "\n" : ",\n")
                    .append(indent)
                    .append("  {\"workload\": ")
                    .append(str(w.workload()))
                    .append(", \"messages\": ")
                    .append(w.messages())
                    .append(", \"sent\": ")
                    .append(w.sent())
                    .append(", \"errors\": ")
                    .append(w.errors())
                    .append(", \"seconds\": ")
                    .append(num(w.seconds()))
                    .append(", \"msgPerSecond\": ")
                    .append(num(w.messagesPerSecond()))
                    .append(", \"mibPerSecond\": ")
                    .append(num(w.mebibytesPerSecond()))
                    .append(", \"latencyUs\": {\"count\": ")
                    .append(l.count())
                    .append(", \"p50\": ")
                    .append(num(l.p50Us()))
                    .append(", \"p99\": ")
                    .append(num(l.p99Us()))
                    .append(", \"p999\": ")
                    .append(num(l.p999Us()))
                    .append(", \"max\": ")
                    .append(num(l.maxUs()))
                    .append("}, \"brokerCpuSecondsPerMillion\": ")
                    .append(num(w.brokerCpuSecondsPerMillion()))
                    .append(", \"loadedRssKb\": ")
                    .append(w.loadedRssKb())
                    .append(", \"loadedAnonKb\": ")
                    .append(w.loadedAnonKb())
                    .append(", \"clientCpuSecondsPerMillion\": ")
                    .append(num(w.clientCpuSecondsPerMillion()))
                    .append('}');
        }
        return out.append("\n").append(indent).append("]}").toString();
    }

    private static List<SystemResult> withNull(List<SystemResult> systems, MachineLimits limits) {
        if (limits == null || limits.nullBroker() == null) {
            return systems;
        }
        return java.util.stream.Stream.concat(systems.stream(), java.util.stream.Stream.of(limits.nullBroker()))
                .toList();
    }

    /** JSON number, or null for NaN / infinite. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
