package dev.skiff.bench.cli;

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
 * TLS on every port and every client connects with TLS.
 */
final class CompareCommand {
    static final List<String> SYSTEMS = List.of("apache", "skiff");
    private static final Duration FIRST_SEND_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(3);

    private final Servers servers;
    private final Path work;
    private final PrintStream out;

    CompareCommand(Servers servers, Path work, PrintStream out) {
        this.servers = servers;
        this.work = work;
        this.out = out;
    }

    SystemResult runSystem(String system, List<WorkloadSpec> specs) throws Exception {
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
        return new SystemResult(system, first.startupMs(), first.idleRssKb(), first.idleAnonKb(), ordered);
    }

    /** One start of the system: returns start-up and idle figures; adds workload results. */
    private SystemResult session(String system, String flush, List<WorkloadSpec> specs, List<WorkloadResult> results)
            throws Exception {
        Path dir = work.resolve(system + "-" + flush.toLowerCase(java.util.Locale.ROOT));
        out.printf(
                "[%s] starting name server and broker (%s%s) in %s%n",
                system, flush, servers.tls() ? ", TLS enforcing" : "", dir);
        int namesrvPort = ServerProcess.freePort();
        try (ServerProcess namesrv = system.equals("skiff")
                ? servers.skiffNamesrv(dir.resolve("namesrv"), namesrvPort)
                : servers.apacheNamesrv(dir.resolve("namesrv"), namesrvPort)) {
            int brokerPort = ServerProcess.freePort();
            try (ServerProcess broker = system.equals("skiff")
                            ? servers.skiffBroker(dir.resolve("broker"), brokerPort, namesrv.address(), flush)
                            : servers.apacheBroker(dir.resolve("broker"), brokerPort, namesrv.address(), flush);
                    OfficialLoadClient client = new OfficialLoadClient(namesrv.address(), servers.tls())) {
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
                WorkloadRunner runner = new WorkloadRunner(client, probe, system, "Bench", out);
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
