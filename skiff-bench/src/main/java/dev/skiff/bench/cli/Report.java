package dev.skiff.bench.cli;

import dev.skiff.bench.harness.CompareTable;
import dev.skiff.bench.harness.MachineLimits;
import dev.skiff.bench.harness.ResultFiles;
import dev.skiff.bench.harness.SummaryTable;
import dev.skiff.bench.harness.SvgPlot;
import dev.skiff.bench.harness.SystemResult;
import dev.skiff.bench.harness.WorkloadSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the tables of a run and writes them beside results.json, results.csv and plot.svg. */
final class Report {
    private Report() {}

    static void write(
            PrintStream out,
            Path dir,
            String command,
            List<WorkloadSpec> specs,
            List<SystemResult> systems,
            MachineLimits limits)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(command).append("`\n\n");
        for (SystemResult s : systems) {
            md.append(SummaryTable.markdown(s, specs)).append('\n');
            if (!Double.isNaN(s.startupMs())) {
                md.append(String.format(
                        Locale.ROOT,
                        "%s: start-up to first send %,.0f ms; idle VmRSS %s MiB, RssAnon %s MiB%n%n",
                        s.system(),
                        s.startupMs(),
                        CompareTable.number(s.idleRssKb() / 1024.0),
                        CompareTable.number(s.idleAnonKb() / 1024.0)));
            }
        }
        SystemResult skiff = find(systems, "skiff");
        SystemResult apache = find(systems, "apache");
        List<CompareTable.Row> table = new ArrayList<>();
        if (skiff != null && apache != null) {
            table = CompareTable.rows(specs, skiff, apache);
            md.append("### Skiff / Apache RocketMQ 5.5.0\n\n");
            md.append(CompareTable.markdown(table, "Skiff", "Apache", "Skiff / Apache"))
                    .append('\n');
        }
        SystemResult plain = find(systems, CompareCommand.SKIFF_PLAIN);
        if (skiff != null && plain != null) {
            md.append("### Skiff with authentication + authorization / Skiff without (same run)\n\n");
            md.append(CompareTable.markdown(
                            CompareTable.costRows(specs, skiff, plain, CompareTable.AUTH_COST_GOAL),
                            "Skiff auth",
                            "Skiff plain",
                            "auth / plain"))
                    .append('\n');
        }
        if (limits != null) {
            md.append(limits(limits));
            if (limits.nullBroker() != null) {
                for (SystemResult s : systems) {
                    List<CompareTable.Row> rows = CompareTable.nullBrokerRows(specs, s, limits.nullBroker());
                    if (!rows.isEmpty()) {
                        md.append("\n### ").append(s.system()).append(" as a fraction of the null broker\n\n");
                        md.append(CompareTable.markdown(rows, s.system(), "null broker", "fraction"));
                    }
                }
            }
        }
        out.println();
        out.println(md);
        List<SystemResult> plotted = new ArrayList<>(systems);
        if (limits != null && limits.nullBroker() != null) {
            plotted.add(limits.nullBroker());
        }
        List<Path> files = ResultFiles.write(dir, command, systems, limits, table);
        Files.writeString(dir.resolve("summary.md"), md);
        Files.writeString(dir.resolve("plot.svg"), SvgPlot.render("Skiff bench: " + names(plotted), specs, plotted));
        out.printf(
                "wrote %s, %s, %s and %s%n",
                files.get(0), files.get(1), dir.resolve("summary.md"), dir.resolve("plot.svg"));
    }

    static String limits(MachineLimits l) {
        return String.format(
                Locale.ROOT,
                "### Machine limits%n%n| limit | value |%n|---|---:|%n"
                        + "| data disk sequential write, 1 MiB, into the page cache (MiB/s) | %s |%n"
                        + "| data disk sequential write, 1 MiB, one fsync at the end (MiB/s) | %s |%n"
                        + "| data disk sequential write, 1 MiB + fsync each (MiB/s) | %s |%n"
                        + "| data disk 4 KiB write + fsync (per second) | %s |%n"
                        + "| loopback TCP, one stream (MiB/s) | %s |%n",
                CompareTable.number(l.diskWriteMiBps()),
                CompareTable.number(l.diskWriteThenSyncMiBps()),
                CompareTable.number(l.diskFsyncMiBps()),
                CompareTable.number(l.fsync4kPerSecond()),
                CompareTable.number(l.loopbackMiBps()));
    }

    private static String names(List<SystemResult> systems) {
        return String.join(" / ", systems.stream().map(SystemResult::system).toList());
    }

    private static SystemResult find(List<SystemResult> systems, String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst().orElse(null);
    }
}
