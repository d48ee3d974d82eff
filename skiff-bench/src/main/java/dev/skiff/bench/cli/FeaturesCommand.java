package dev.skiff.bench.cli;

import dev.skiff.bench.feature.FeatureContext;
import dev.skiff.bench.feature.FeatureWorkload;
import dev.skiff.bench.feature.FeatureWorkloads;
import dev.skiff.bench.feature.Figures;
import dev.skiff.bench.feature.SideBySide;
import dev.skiff.bench.harness.WorkDir;
import dev.skiff.bench.process.Checkout;
import dev.skiff.bench.process.Servers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code bench features}: each feature workload on Apache RocketMQ 5.5.0, then on Skiff, then the
 * next workload, so both systems of one workload see the machine in the same state; a
 * side-by-side table per workload, printed and written to {@code summary.md}. A workload that
 * fails on one system is reported and the run goes on.
 */
final class FeaturesCommand {
    static final Set<String> OPTIONS = Set.of(
            "workloads",
            "duration",
            "warmup",
            "heap",
            "out",
            "work",
            "timers",
            "timer-burst",
            "timer-heap",
            "sql-messages",
            "txn-halves");

    private FeaturesCommand() {}

    static void run(String[] args, String commandLine, Path out) throws Exception {
        Options o = Options.parse(args, 1, OPTIONS);
        String heap = o.heap("heap", "1g");
        String timerHeap = o.heap("timer-heap", "512m");
        List<FeatureWorkload> workloads = FeatureWorkloads.select(
                o.string("workloads", "all"),
                o.integer("timers", 1_000_000, 0, 10_000_000),
                o.integer("timer-burst", 10_000, 1, 1_000_000),
                timerHeap,
                o.integer("sql-messages", 1_000_000, 100, 100_000_000),
                o.integer("txn-halves", 100_000, 1, 10_000_000));
        Duration duration = o.duration("duration", Duration.ofSeconds(15));
        Duration warmup = o.duration("warmup", Duration.ofSeconds(5));
        try (WorkDir workDir = WorkDir.of(o.string("work", null), "skiff-bench-features")) {
            Path work = workDir.path();
            PrintStream console = System.out;
            Checkout checkout = Checkout.locate();
            FeatureContext ctx =
                    new FeatureContext(h -> Servers.withHeap(checkout, h), heap, work, console, duration, warmup);
            StringBuilder md = new StringBuilder("Command: `" + commandLine + "`\n\n");
            for (FeatureWorkload w : workloads) {
                Figures apache = runOne(w, "apache", ctx);
                Figures skiff = runOne(w, "skiff", ctx);
                md.append(SideBySide.markdown(w.id() + ": " + w.title(), skiff, apache))
                        .append('\n');
            }
            console.println();
            console.println(md);
            Files.createDirectories(out);
            Files.writeString(out.resolve("summary.md"), md);
            console.printf("wrote %s%n", out.resolve("summary.md"));
        }
    }

    private static Figures runOne(FeatureWorkload w, String system, FeatureContext ctx) {
        ctx.out().printf("[%s %s] %s%n", system, w.id(), w.title());
        try {
            return w.run(system, ctx);
        } catch (Exception e) {
            ctx.out().printf("[%s %s] failed: %s%n", system, w.id(), e);
            return new Figures().note(w.id() + " failed: " + e);
        }
    }
}
