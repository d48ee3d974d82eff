package dev.skiff.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.bench.client.OfficialLoadClient;
import dev.skiff.bench.harness.WorkloadKind;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.limits.NullBroker;
import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every standard workload for about a second against an in-process Skiff (name server + broker,
 * SYNC_FLUSH for w6) and the producing ones against the null broker, through the official client:
 * the harness end to end, with real counts.
 */
@Timeout(120)
class WorkloadSmokeTest {
    static final Duration SECOND = Duration.ofSeconds(1);
    static final int DRAIN = 3_000;
    static final int TOPICS = 12;

    static List<WorkloadSpec> smokeSpecs() {
        return Workloads.standard(SECOND, Duration.ofMillis(300), DRAIN).stream()
                .map(s -> s.topics() > 1 ? s.withTopics(TOPICS) : s)
                .map(s -> s.kind() == WorkloadKind.END_TO_END ? s.withTargetRate(2_000) : s)
                .toList();
    }

    @Test
    void everyWorkloadAgainstAnInProcessSkiff(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        NamesrvServer namesrv = new NamesrvServer(
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir.resolve("namesrv")),
                SkiffClock.system());
        namesrv.start();
        try {
            for (WorkloadSpec spec : smokeSpecs()) {
                BrokerServer broker = broker(dir.resolve(spec.id()), namesrv.address(), spec.syncFlush());
                try (OfficialLoadClient client = new OfficialLoadClient(namesrv.address())) {
                    WorkloadRunner runner = new WorkloadRunner(client, BrokerProbe.NONE, "skiff", "Smoke", out);
                    WorkloadResult r = runner.run(spec);
                    assertCounts(spec, r, log);
                } finally {
                    broker.close();
                }
            }
        } finally {
            namesrv.close();
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        // a 1 s phase can end before the reporter's first 1 s tick, so no one workload must show a
        // progress line; over all of them some must
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("[skiff w1] done: ")
                .containsPattern("\\[skiff w\\d\\] measure +1 s +[\\d,]+ msg/s");
    }

    @Test
    void producingWorkloadsAndTheDrainAgainstTheNullBroker() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        List<WorkloadSpec> specs = Workloads.select(smokeSpecs(), "w1,w2,w3,w4,w7");
        try (NullBroker nul = new NullBroker(1024).start();
                OfficialLoadClient client = new OfficialLoadClient(nul.address())) {
            WorkloadRunner runner = new WorkloadRunner(client, BrokerProbe.NONE, "null", "Smoke", out);
            long sendsBefore = nul.sends();
            long acked = 0;
            for (WorkloadSpec spec : specs) {
                WorkloadResult r = runner.run(spec);
                assertCounts(spec, r, log);
                if (spec.kind() == WorkloadKind.PRODUCE) {
                    acked += r.messages() / spec.batch();
                }
            }
            // every acknowledged send was answered by the null broker (plus warm-up and first sends)
            assertThat(nul.sends() - sendsBefore).isGreaterThanOrEqualTo(acked);
            assertThat(nul.pulledMessages()).isGreaterThanOrEqualTo(DRAIN);
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
    }

    private static void assertCounts(WorkloadSpec spec, WorkloadResult r, ByteArrayOutputStream log) {
        String context = spec.id() + "\n" + log.toString(StandardCharsets.UTF_8);
        assertThat(r.errors()).as(context).isZero();
        assertThat(r.messages()).as(context).isPositive();
        assertThat(r.seconds()).as(context).isPositive();
        switch (spec.kind()) {
            case PRODUCE -> {
                assertThat(r.sent()).as(context).isEqualTo(r.messages());
                assertThat(r.messages() % spec.batch()).as(context).isZero();
                assertThat(r.latency().count()).as(context).isEqualTo(r.messages() / spec.batch());
            }
            case DRAIN -> assertThat(r.messages()).as(context).isEqualTo(DRAIN);
            case END_TO_END -> {
                // every message sent in the measured window arrived, and each has a latency
                assertThat(r.messages()).as(context).isEqualTo(r.sent());
                assertThat(r.latency().count()).as(context).isEqualTo(r.messages());
                // paced at 2,000/s for 1 s
                assertThat(r.sent()).as(context).isBetween(1_500L, 2_100L);
            }
        }
    }

    private static BrokerServer broker(Path dir, String namesrvAddr, boolean syncFlush) throws Exception {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "0");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("storePathRootDir", dir.toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("brokerName", "smoke-" + dir.getFileName());
        p.setProperty("flushDiskType", syncFlush ? "SYNC_FLUSH" : "ASYNC_FLUSH");
        BrokerServer broker = new BrokerServer(BrokerConfig.fromProperties(p), SkiffClock.system());
        broker.start();
        return broker;
    }
}
