package dev.skiff.bench.cli;

import dev.skiff.bench.auth.BenchAuth;
import dev.skiff.bench.client.FrameLoadClient;
import dev.skiff.bench.client.LoadClient;
import dev.skiff.bench.client.LoadProducer;
import dev.skiff.bench.client.OfficialLoadClient;
import dev.skiff.bench.harness.MachineLimits;
import dev.skiff.bench.harness.SystemResult;
import dev.skiff.bench.harness.WorkloadKind;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.process.ServerProcess;
import dev.skiff.bench.process.Servers;
import dev.skiff.bench.workload.ProcStat;
import dev.skiff.bench.workload.WorkloadRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache RocketMQ 5.5.0, then Skiff, each as name server + broker JVMs with the same heap and
 * flush settings and a fresh data folder: start, first send (start-up time), idle memory, the
 * workloads (broker CPU and memory around each), stop by PID. Workloads that need SYNC_FLUSH run on
 * a second, fresh start of the same system in SYNC_FLUSH. With {@code --tls} both systems enforce
 * TLS on every port and every client connects with TLS. With {@code --auth} both systems check
 * signatures and policies and every load client signs as a normal user; a third system, {@code
 * skiff-plain}, is Skiff without the checks, for the cost of auth in the same run.
 */
final class CompareCommand {
    /** Name of Skiff without authentication in an {@code --auth} run. */
    static final String SKIFF_PLAIN = "skiff-plain";

    private static final Duration FIRST_SEND_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(3);
    /** Every topic and group of a compare run starts with this (the auth run's policy names it). */
    static final String TOPIC_PREFIX = "Bench";

    private final Servers servers;
    private final Path work;
    private final PrintStream out;
    private final boolean frameLoad;

    CompareCommand(Servers servers, Path work, PrintStream out) {
        this(servers, work, out, false);
    }

    /**
     * @param frameLoad producers are {@link FrameLoadClient}'s (requests put on a plain TCP
     *     connection with Skiff's frame codec) instead of the official client's
     */
    CompareCommand(Servers servers, Path work, PrintStream out, boolean frameLoad) {
        this.servers = servers;
        this.work = work;
        this.out = out;
        this.frameLoad = frameLoad;
    }

    /** One system of a run: its name in the tables, whether it is Skiff, and how it is started. */
    record Contender(String name, boolean skiff, Servers servers) {}

    /** Apache then Skiff; with authentication on, Skiff without it as well. */
    List<Contender> contenders() {
        List<Contender> list = new ArrayList<>(
                List.of(new Contender("apache", false, servers), new Contender("skiff", true, servers)));
        if (servers.auth() != null) {
            list.add(new Contender(SKIFF_PLAIN, true, servers.withAuth(null)));
        }
        return list;
    }

    /**
     * The contenders named in {@code names} (comma-separated, e.g. {@code skiff,skiff-plain} to
     * profile Skiff alone), all of them when null; an unknown name is an error.
     */
    static List<Contender> only(List<Contender> all, String names) {
        if (names == null) {
            return all;
        }
        List<String> wanted = List.of(names.split(","));
        for (String name : wanted) {
            if (all.stream().noneMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("--systems: unknown system " + name + " (known: "
                        + all.stream().map(Contender::name).toList() + ")");
            }
        }
        return all.stream().filter(c -> wanted.contains(c.name())).toList();
    }

    SystemResult runSystem(Contender system, List<WorkloadSpec> specs) throws Exception {
        List<WorkloadSpec> async = specs.stream().filter(s -> !s.syncFlush()).toList();
        List<WorkloadSpec> sync = specs.stream().filter(WorkloadSpec::syncFlush).toList();
        List<WorkloadResult> results = new ArrayList<>();
        SystemResult first = session(system, "ASYNC_FLUSH", async, results);
        if (!sync.isEmpty()) {
            session(system, "SYNC_FLUSH", sync, results);
        }
        // keep the order of the specs
        List<WorkloadResult> ordered = new ArrayList<>();
        for (WorkloadSpec spec : specs) {
            results.stream()
                    .filter(r -> r.workload().equals(spec.id()))
                    .findFirst()
                    .ifPresent(ordered::add);
        }
        return new SystemResult(system.name(), first.startupMs(), first.idleRssKb(), first.idleAnonKb(), ordered);
    }

    /** One start of the system: returns start-up and idle figures; adds workload results. */
    private SystemResult session(
            Contender contender, String flush, List<WorkloadSpec> specs, List<WorkloadResult> results)
            throws Exception {
        String system = contender.name();
        Servers servers = contender.servers();
        BenchAuth auth = servers.auth();
        Path dir = work.resolve(system + "-" + flush.toLowerCase(java.util.Locale.ROOT));
        out.printf(
                "[%s] starting name server and broker (%s%s%s) in %s%n",
                system,
                flush,
                servers.tls() ? ", TLS enforcing" : "",
                auth != null ? ", authentication + authorization on" : "",
                dir);
        int namesrvPort = ServerProcess.freePort();
        try (ServerProcess namesrv = contender.skiff()
                ? servers.skiffNamesrv(dir.resolve("namesrv"), namesrvPort)
                : servers.apacheNamesrv(dir.resolve("namesrv"), namesrvPort)) {
            int brokerPort = ServerProcess.freePort();
            try (ServerProcess broker = contender.skiff()
                            ? servers.skiffBroker(dir.resolve("broker"), brokerPort, namesrv.address(), flush)
                            : servers.apacheBroker(dir.resolve("broker"), brokerPort, namesrv.address(), flush);
                    LoadClient client = loadClient(servers, namesrv.address(), broker.address())) {
                if (auth != null) {
                    auth.provision(namesrv.address(), broker.address(), servers.tls());
                    out.printf("[%s] normal user %s created with its Allow policy%n", system, auth.benchUser());
                }
                ProcStat probe = new ProcStat(broker.pid());
                double startupMs;
                try (LoadProducer producer = client.producer("bench-startup", 3_000)) {
                    WorkloadRunner.awaitFirstSend(producer, "BenchStartup", FIRST_SEND_TIMEOUT);
                    startupMs = (System.nanoTime() - broker.startNanos()) / 1e6;
                }
                Thread.sleep(IDLE_SETTLE.toMillis());
                long idleRss = probe.residentKb();
                long idleAnon = probe.anonymousKb();
                out.printf(
                        "[%s] broker pid %d listening after %,.0f ms, first send after %,.0f ms; idle VmRSS %,d KiB,"
                                + " RssAnon %,d KiB%n",
                        system, broker.pid(), broker.startupMs(), startupMs, idleRss, idleAnon);
                WorkloadRunner runner = new WorkloadRunner(client, probe, system, TOPIC_PREFIX, out);
                for (WorkloadSpec spec : specs) {
                    try {
                        results.add(runner.run(spec));
                    } catch (Exception e) {
                        out.printf("[%s %s] failed: %s%n", system, spec.id(), e);
                    }
                }
                out.printf("[%s] stopping broker pid %d and name server pid %d%n", system, broker.pid(), namesrv.pid());
                return new SystemResult(system, startupMs, idleRss, idleAnon, List.of());
            }
        }
    }

    private LoadClient loadClient(Servers servers, String namesrvAddr, String brokerAddr) {
        BenchAuth auth = servers.auth();
        OfficialLoadClient official = auth == null
                ? new OfficialLoadClient(namesrvAddr, servers.tls())
                : new OfficialLoadClient(namesrvAddr, servers.tls(), auth.userHook(), auth.adminHook());
        if (!frameLoad) {
            return official;
        }
        return new FrameLoadClient(
                official, brokerAddr, Servers.BROKER_NAME, auth == null ? null : auth::skiffUserHook);
    }

    /** The workloads the null broker can run: not end-to-end (its pulls carry no stamps), not sync flush. */
    static List<WorkloadSpec> nullBrokerSpecs(List<WorkloadSpec> specs) {
        return specs.stream()
                .filter(s -> s.kind() != WorkloadKind.END_TO_END && !s.syncFlush() && s.topics() == 1)
                .toList();
    }

    static MachineLimits limits(PrintStream out, Path work, List<WorkloadSpec> specs) throws Exception {
        return MachineLimitsRun.measure(out, work, nullBrokerSpecs(specs));
    }
}
