package dev.skiff.bench.cli;

import dev.skiff.bench.auth.BenchAuth;
import dev.skiff.bench.client.OfficialLoadClient;
import dev.skiff.bench.harness.MachineLimits;
import dev.skiff.bench.harness.SystemResult;
import dev.skiff.bench.harness.WorkDir;
import dev.skiff.bench.harness.WorkloadKind;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.process.BenchCertificate;
import dev.skiff.bench.process.Checkout;
import dev.skiff.bench.process.CpuPlacement;
import dev.skiff.bench.process.Servers;
import dev.skiff.bench.workload.BrokerProbe;
import dev.skiff.bench.workload.ProcStat;
import dev.skiff.bench.workload.WorkloadRunner;
import dev.skiff.bench.workload.Workloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Entry point of {@code bin/skiff bench}:
 *
 * <pre>
 * bench compare [--workloads all|w1,w3] [--duration 15s] [--warmup 5s] [--drain 1000000]
 *               [--heap 1g] [--out DIR] [--work DIR] [--no-limits] [--tls] [--auth]
 *               [--systems apache,skiff,skiff-plain] [--broker-jvm "-XX:... -X..."] [--rate MSG_PER_S]
 *               [--load official|frames] [--broker-cpus 0]
 * bench run     --target HOST:PORT|null [--pid BROKER_PID] [--name LABEL] [--workloads ...] [--tls]
 *               [--duration 15s] [--warmup 5s] [--drain 1000000] [--out DIR]
 * bench features [--workloads all|repl-sync,repl-async,timers,txn,txn-check,sql92] [--duration 15s]
 *               [--warmup 5s] [--timers 1000000] [--timer-burst 10000] [--timer-heap 512m]
 *               [--sql-messages 1000000] [--txn-halves 100000]
 *               [--heap 1g] [--out DIR] [--work DIR]
 * bench auth-cost [--workloads w2] [--rounds 8] [--round 10s] [--warmup 20s] [--broker-cpus 0]
 *               [--heap 1g] [--work DIR] [--out DIR]
 * bench limits  [--dir DATA_DIR] [--workloads w1,w2,w3,w4,w7] [--duration 15s] [--warmup 5s]
 *               [--drain 1000000] [--out DIR]
 * </pre>
 */
public final class BenchMain {
    private static final Set<String> COMMON = Set.of("workloads", "duration", "warmup", "drain", "out");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage(System.out);
            return;
        }
        try {
            switch (args[0]) {
                case "compare" -> compare(args);
                case "run" -> run(args);
                case "limits" -> limits(args);
                case "auth-cost" ->
                    AuthCostCommand.run(
                            args,
                            commandLine(args),
                            outDir(Options.parse(args, 1, AuthCostCommand.OPTIONS), "auth-cost"));
                case "features" ->
                    FeaturesCommand.run(
                            args,
                            commandLine(args),
                            outDir(Options.parse(args, 1, FeaturesCommand.OPTIONS), "features"));
                default -> throw new IllegalArgumentException("unknown bench command " + args[0]);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("skiff bench: " + e.getMessage());
            usage(System.err);
            System.exit(2);
        }
        System.exit(0); // client threads of the official client are not all daemons
    }

    private static void compare(String[] args) throws Exception {
        Options o = Options.parse(
                args,
                1,
                union(
                        "heap",
                        "work",
                        "no-limits",
                        "tls",
                        "auth",
                        "keyed-signing",
                        "systems",
                        "broker-jvm",
                        "rate",
                        "load",
                        "broker-cpus"));
        List<WorkloadSpec> specs = paced(specs(o), o.integer("rate", 0, 0, WorkloadSpec.RATE_MAX));
        String heap = o.heap("heap", "1g");
        Path out = outDir(o, "compare");
        try (WorkDir workDir = WorkDir.of(o.string("work", null), "skiff-bench-compare")) {
            compare(o, args, specs, out, workDir.path(), heap);
        }
    }

    private static void compare(Options o, String[] args, List<WorkloadSpec> specs, Path out, Path work, String heap)
            throws Exception {
        PrintStream console = System.out;
        console.printf("skiff bench compare: %d workloads, results in %s, data in %s%n", specs.size(), out, work);
        Servers servers = Servers.withHeap(Checkout.locate(), heap);
        String brokerJvm = o.string("broker-jvm", null);
        if (brokerJvm != null) {
            servers = servers.withSkiffBrokerJvm(List.of(brokerJvm.trim().split("\\s+")));
            console.println("Skiff brokers start with the extra JVM options " + brokerJvm);
        }
        if (o.flag("tls")) {
            servers = servers.withTls(BenchCertificate.generate(work.resolve("tls")));
            console.println("TLS: both systems enforce TLS (same self-signed EC P-256 certificate), clients use TLS");
        }
        if (o.flag("keyed-signing") && !o.flag("auth")) {
            throw new IllegalArgumentException("--keyed-signing goes with --auth");
        }
        if (o.flag("auth")) {
            BenchAuth auth = BenchAuth.forPrefix(CompareCommand.TOPIC_PREFIX);
            if (o.flag("keyed-signing")) {
                auth = auth.withKeyedSigning();
            }
            servers = servers.withAuth(auth);
            console.println("auth: both systems check signatures and policies; clients sign as a normal user"
                    + (auth.keyedSigning()
                            ? " with a per-thread keyed Mac (same signature bytes as the official hook)"
                            : " with the official AclClientRPCHook")
                    + "; skiff-plain is Skiff without the checks");
        }
        boolean frameLoad = frameLoad(o.string("load", "official"), specs);
        if (frameLoad && o.flag("tls")) {
            throw new IllegalArgumentException("--load frames speaks plain TCP; leave out --tls");
        }
        if (frameLoad) {
            console.println("load: producers put SEND_MESSAGE_V2 frames straight on a plain TCP connection with"
                    + " Skiff's frame codec (the official producer's fields); consumers are the official client's");
        }
        String brokerCpus = o.string("broker-cpus", null);
        if (brokerCpus != null) {
            CpuPlacement placement =
                    CpuPlacement.split(brokerCpus, Runtime.getRuntime().availableProcessors());
            servers = servers.withCpus(placement);
            placement.placeThisProcess();
            console.printf(
                    "CPUs: brokers on %s; name servers and this load JVM on %s%n",
                    placement.brokerCpus(), placement.otherCpus());
        }
        CompareCommand compare = new CompareCommand(servers, work, console, frameLoad);
        List<SystemResult> systems = new ArrayList<>();
        for (CompareCommand.Contender system : CompareCommand.only(compare.contenders(), o.string("systems", null))) {
            systems.add(compare.runSystem(system, specs));
        }
        MachineLimits limits = o.flag("no-limits") ? null : CompareCommand.limits(console, work, specs);
        Report.write(console, out, commandLine(args), specs, systems, limits);
    }

    private static void run(String[] args) throws Exception {
        Options o = Options.parse(args, 1, union("target", "pid", "name", "tls"));
        String target = o.string("target", null);
        if (target == null) {
            throw new IllegalArgumentException("run needs --target HOST:PORT (a name server) or --target null");
        }
        List<WorkloadSpec> specs = specs(o);
        Path out = outDir(o, "run");
        SystemResult result;
        if (target.equals("null")) {
            result = MachineLimitsRun.nullBroker(System.out, specs);
        } else {
            String pid = o.string("pid", null);
            BrokerProbe probe = pid == null ? BrokerProbe.NONE : new ProcStat(Long.parseLong(pid));
            String name = o.string("name", "target");
            String prefix = "Bench" + Long.toString(System.currentTimeMillis(), 36);
            List<WorkloadResult> results = new ArrayList<>();
            try (OfficialLoadClient client = new OfficialLoadClient(target, o.flag("tls"))) {
                WorkloadRunner runner = new WorkloadRunner(client, probe, name, prefix, System.out);
                for (WorkloadSpec spec : specs) {
                    results.add(runner.run(spec));
                }
            }
            result = new SystemResult(name, Double.NaN, -1, -1, results);
        }
        Report.write(System.out, out, commandLine(args), specs, List.of(result), null);
    }

    private static void limits(String[] args) throws Exception {
        Options o = Options.parse(args, 1, union("dir"));
        List<WorkloadSpec> specs =
                o.string("workloads", null) == null ? Workloads.select(specs(o), "w1,w2,w3,w4,w7") : specs(o);
        Path dir = Path.of(o.string("dir", System.getProperty("java.io.tmpdir")));
        MachineLimits limits = MachineLimitsRun.measure(System.out, dir, specs);
        Report.write(System.out, outDir(o, "limits"), commandLine(args), specs, List.of(), limits);
    }

    /** Whether {@code --load} names the frame load client; it sends no batches, so w3 is refused with it. */
    static boolean frameLoad(String load, List<WorkloadSpec> specs) {
        switch (load) {
            case "official" -> {
                return false;
            }
            case "frames" -> {
                for (WorkloadSpec spec : specs) {
                    if (spec.batch() > 1) {
                        throw new IllegalArgumentException(
                                "--load frames sends single messages; " + spec.id() + " sends batches (leave it out)");
                    }
                }
                return true;
            }
            default -> throw new IllegalArgumentException("--load must be official or frames: " + load);
        }
    }

    private static List<WorkloadSpec> specs(Options o) {
        Duration duration = o.duration("duration", Duration.ofSeconds(15));
        Duration warmup = o.duration("warmup", Duration.ofSeconds(5));
        int drain = o.integer("drain", 1_000_000, 1, WorkloadSpec.DRAIN_MAX);
        return Workloads.select(Workloads.standard(duration, warmup, drain), o.string("workloads", "all"));
    }

    /**
     * The produce workloads paced at {@code rate} msg/s (0: unpaced, as measured by default), so
     * that every system is offered the same load and the broker CPU per message compares the work
     * done per message rather than the effects of running at different rates (batching per wake-up,
     * fixed per-second costs spread over more or fewer messages).
     */
    static List<WorkloadSpec> paced(List<WorkloadSpec> specs, int rate) {
        if (rate == 0) {
            return specs;
        }
        return specs.stream()
                .map(s -> s.kind() == WorkloadKind.PRODUCE ? s.withTargetRate(rate) : s)
                .toList();
    }

    private static Path outDir(Options o, String command) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of(o.string("out", "bench-results/" + command + "-" + stamp))
                .toAbsolutePath();
    }

    private static Set<String> union(String... extra) {
        Set<String> s = new java.util.HashSet<>(COMMON);
        s.addAll(List.of(extra));
        return s;
    }

    private static String commandLine(String[] args) {
        return "bin/skiff bench " + String.join(" ", args);
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: skiff bench <command> [options]
                  compare   Apache RocketMQ 5.5.0, then Skiff: same workloads, side-by-side table with
                            Skiff/Apache ratios, machine limits and null broker; results + plot.svg
                            [--workloads all|w1,w3] [--duration 15s] [--warmup 5s] [--drain 1000000]
                            [--heap 1g] [--out DIR] [--work DIR] [--no-limits] [--tls] [--auth]
                            [--keyed-signing] [--load official|frames] [--broker-cpus 0]
                            (--tls: every port of both systems enforces TLS, clients use TLS;
                             --auth: both check signatures and policies, clients sign as a normal
                             user, and Skiff also runs without auth for the cost in the same run;
                             --keyed-signing: with --auth, clients sign the same bytes with a
                             per-thread keyed Mac instead of the official hook, so the cost of
                             auth measured is the broker's, not the official hook's overhead;
                             --systems: only these, e.g. skiff,skiff-plain to profile Skiff;
                             --broker-jvm: extra JVM options of Skiff's brokers, e.g. a profiler;
                             --rate: pace the send workloads at this many msg/s, so that broker CPU
                             per message is compared at equal load;
                             --load frames: producers put requests on a plain TCP connection with
                             Skiff's frame codec (the official producer's fields and signature; no
                             batches, no TLS), a load generator lighter than the broker;
                             --broker-cpus: brokers run on these CPUs (taskset), name servers and
                             the load on the others, e.g. 0 for a broker-bound run on 2 cores)
                  run       the workloads against one name server
                            --target HOST:PORT|null [--pid BROKER_PID] [--name LABEL] [--workloads ...]
                            [--duration 15s] [--warmup 5s] [--drain 1000000] [--out DIR]
                            [--tls] (clients connect with TLS)
                  features  replication, timers, transactions and SQL92: Apache RocketMQ 5.5.0 and Skiff
                            side by side per workload, official client on both
                            [--workloads all|repl-sync,repl-async,timers,txn,txn-check,sql92]
                            [--duration 15s] [--warmup 5s] [--timers 1000000] [--timer-burst 10000]
                            [--timer-heap 512m] [--sql-messages 1000000] [--txn-halves 100000]
                            [--heap 1g] [--out DIR] [--work DIR]
                  auth-cost Skiff with and without authentication + authorization, both brokers on
                            --broker-cpus (default 0), the frame load on the other CPUs, loading one
                            broker at a time in alternating rounds; median throughput ratio of the pairs
                            [--workloads w2] [--rounds 8] [--round 10s] [--warmup 20s] [--heap 1g]
                            [--work DIR] [--out DIR]
                  limits    disk write (with/without fsync), loopback TCP, null broker
                            [--dir DATA_DIR] [--workloads w1,w2,w3,w4,w7] [--duration ...] [--out DIR]
                workloads: w1 sync 16 threads, w2 async 1,000 in flight, w3 batches of 32, w4 drain,
                  w5 end-to-end at 10,000 msg/s, w6 sync flush, w7 100-byte async, w8 1,000 topics""");
    }
}
