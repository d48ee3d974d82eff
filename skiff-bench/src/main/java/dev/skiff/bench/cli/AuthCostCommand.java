package dev.skiff.bench.cli;

import dev.skiff.bench.auth.BenchAuth;
import dev.skiff.bench.client.FrameLoadClient;
import dev.skiff.bench.client.OfficialLoadClient;
import dev.skiff.bench.harness.PairedRatios;
import dev.skiff.bench.harness.WorkDir;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.process.Checkout;
import dev.skiff.bench.process.CpuPlacement;
import dev.skiff.bench.process.ServerProcess;
import dev.skiff.bench.process.Servers;
import dev.skiff.bench.workload.ProcStat;
import dev.skiff.bench.workload.WorkloadRunner;
import dev.skiff.bench.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench auth-cost}: what authentication + authorization cost a broker that is the
 * bottleneck, measured so that this machine's drifts cancel out. Two Skiff brokers run at once, one
 * with the checks and one without, both on the same CPUs ({@code --broker-cpus}); the load
 * generator ({@link FrameLoadClient}: lighter than the broker, so the broker sets the pace) runs on
 * the other CPUs and loads one broker at a time, in alternating rounds (auth then plain, then plain
 * then auth, ...). Each pair of rounds gives a throughput ratio; the figure is their median, with
 * mean, standard error and range.
 */
final class AuthCostCommand {
    static final Set<String> OPTIONS =
            Set.of("workloads", "rounds", "round", "warmup", "heap", "work", "out", "broker-cpus");
    private static final String PREFIX = CompareCommand.TOPIC_PREFIX;
    private static final Duration ROUND_WARMUP = Duration.ofSeconds(2);

    private AuthCostCommand() {}

    static void run(String[] args, String commandLine, Path out) throws Exception {
        Options o = Options.parse(args, 1, OPTIONS);
        int rounds = o.integer("rounds", 8, 1, 100);
        Duration round = o.duration("round", Duration.ofSeconds(10));
        Duration warmup = o.duration("warmup", Duration.ofSeconds(20));
        String heap = o.heap("heap", "1g");
        List<WorkloadSpec> specs = specs(o.string("workloads", "w2"), round);
        BenchMain.frameLoad("frames", specs);
        CpuPlacement cpus = CpuPlacement.split(
                o.string("broker-cpus", "0"), Runtime.getRuntime().availableProcessors());
        PrintStream console = System.out;
        try (WorkDir work = WorkDir.of(o.string("work", null), "skiff-bench-auth-cost")) {
            Servers servers = Servers.withHeap(Checkout.locate(), heap).withCpus(cpus);
            BenchAuth auth = BenchAuth.forPrefix(PREFIX);
            console.printf(
                    "skiff bench auth-cost: brokers on CPUs %s, load on %s; %d rounds of %,d ms per broker, data in %s%n",
                    cpus.brokerCpus(), cpus.otherCpus(), rounds, round.toMillis(), work.path());
            try (Side withAuth = Side.start(
                            "skiff-auth", servers.withAuth(auth), work.path().resolve("auth"));
                    Side plain = Side.start(
                            "skiff-plain", servers.withAuth(null), work.path().resolve("plain"))) {
                auth.provision(withAuth.namesrv.address(), withAuth.broker.address(), false);
                cpus.placeThisProcess();
                try (FrameLoadClient authClient = new FrameLoadClient(
                                new OfficialLoadClient(
                                        withAuth.namesrv.address(), false, auth.userHook(), auth.adminHook()),
                                withAuth.broker.address(),
                                Servers.BROKER_NAME,
                                auth::skiffUserHook);
                        FrameLoadClient plainClient = new FrameLoadClient(
                                new OfficialLoadClient(plain.namesrv.address()),
                                plain.broker.address(),
                                Servers.BROKER_NAME,
                                null)) {
                    WorkloadRunner authRunner = new WorkloadRunner(
                            authClient, new ProcStat(withAuth.broker.pid()), "skiff-auth", PREFIX, console);
                    WorkloadRunner plainRunner = new WorkloadRunner(
                            plainClient, new ProcStat(plain.broker.pid()), "skiff-plain", PREFIX, console);
                    StringBuilder report = new StringBuilder();
                    report.append("Command: `").append(commandLine).append("`\n\n");
                    for (WorkloadSpec spec : specs) {
                        console.printf(
                                "[%s] warming both brokers up (%,d ms each, longer while the JIT compiles)%n",
                                spec.id(), warmup.toMillis());
                        authRunner.run(spec.withTimes(round, warmup));
                        plainRunner.run(spec.withTimes(round, warmup));
                        List<WorkloadResult> a = new ArrayList<>();
                        List<WorkloadResult> p = new ArrayList<>();
                        for (int i = 1; i <= rounds; i++) {
                            WorkloadSpec roundSpec = spec.withTimes(round, ROUND_WARMUP);
                            if (i % 2 == 1) {
                                a.add(authRunner.run(roundSpec));
                                p.add(plainRunner.run(roundSpec));
                            } else {
                                p.add(plainRunner.run(roundSpec));
                                a.add(authRunner.run(roundSpec));
                            }
                        }
                        report.append(table(spec, a, p));
                    }
                    console.println();
                    console.print(report);
                    Files.createDirectories(out);
                    Files.writeString(out.resolve("summary.md"), report.toString());
                    console.println("wrote " + out.resolve("summary.md"));
                }
            }
        }
    }

    private static List<WorkloadSpec> specs(String ids, Duration round) {
        return Workloads.select(Workloads.standard(round, ROUND_WARMUP, 1), ids);
    }

    /** The rounds of one workload and the paired figures, as Markdown. */
    static String table(WorkloadSpec spec, List<WorkloadResult> withAuth, List<WorkloadResult> plain) {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(spec.id()).append(": ").append(spec.title()).append("\n\n");
        b.append("| pair | auth msg/s | plain msg/s | auth / plain | auth broker CPU µs/msg"
                + " | plain broker CPU µs/msg | auth load CPU µs/msg | plain load CPU µs/msg |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Double> ar = new ArrayList<>();
        List<Double> pr = new ArrayList<>();
        List<Double> ac = new ArrayList<>();
        List<Double> pc = new ArrayList<>();
        for (int i = 0; i < withAuth.size(); i++) {
            WorkloadResult a = withAuth.get(i);
            WorkloadResult p = plain.get(i);
            ar.add(a.messagesPerSecond());
            pr.add(p.messagesPerSecond());
            ac.add(a.brokerCpuSecondsPerMillion());
            pc.add(p.brokerCpuSecondsPerMillion());
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %,.0f | %,.0f | %.2f | %.1f | %.1f | %.1f | %.1f |%n",
                    i + 1,
                    a.messagesPerSecond(),
                    p.messagesPerSecond(),
                    a.messagesPerSecond() / p.messagesPerSecond(),
                    a.brokerCpuSecondsPerMillion(),
                    p.brokerCpuSecondsPerMillion(),
                    a.clientCpuSecondsPerMillion(),
                    p.clientCpuSecondsPerMillion()));
        }
        PairedRatios throughput = PairedRatios.of(ar, pr);
        PairedRatios cpu = PairedRatios.of(ac, pc);
        b.append("\n");
        b.append(String.format(
                Locale.ROOT,
                "Throughput auth / plain over %d pairs: median **%.3f**, mean %.3f ± %.3f (standard error),"
                        + " range %.2f–%.2f. Goal ≥ 0.90: %s.%n",
                throughput.count(),
                throughput.median(),
                throughput.mean(),
                throughput.standardError(),
                throughput.min(),
                throughput.max(),
                throughput.median() >= 0.90 ? "met" : "**not met**"));
        b.append(String.format(
                Locale.ROOT,
                "Broker CPU per message auth / plain: median %.3f, mean %.3f ± %.3f.%n%n",
                cpu.median(),
                cpu.mean(),
                cpu.standardError()));
        return b.toString();
    }

    /** A name server and a broker of one side, stopped by PID on close. */
    private record Side(ServerProcess namesrv, ServerProcess broker) implements AutoCloseable {
        static Side start(String name, Servers servers, Path dir) throws IOException, InterruptedException {
            ServerProcess namesrv = servers.skiffNamesrv(dir.resolve("namesrv"), ServerProcess.freePort());
            try {
                ServerProcess broker = servers.skiffBroker(
                        dir.resolve("broker"), ServerProcess.freePort(), namesrv.address(), "ASYNC_FLUSH");
                System.out.printf("[%s] broker pid %d, name server pid %d%n", name, broker.pid(), namesrv.pid());
                return new Side(namesrv, broker);
            } catch (IOException | InterruptedException | RuntimeException e) {
                namesrv.close();
                throw e;
            }
        }

        @Override
        public void close() {
            broker.close();
            namesrv.close();
        }
    }
}
