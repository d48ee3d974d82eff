package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover figures, opt-in: {@code -Dskiff.failover.runs=N} (with more than about 10 runs of both
 * systems add {@code -Dskiff.fork.timeout=3600}: a test JVM is stopped after 900 s by default;
 * {@code -Dskiff.failover.peers=P},
 * default 3 controller peers). Separate JVMs on 127.0.0.1: P controller peers, a name server and
 * three SYNC_MASTER brokers (3 s heartbeat timeout, {@code allAckInSyncStateSet=true}), one
 * official producer sending all the time; {@link FailoverRuns} kills the master N times and counts
 * lost and duplicated messages at the end. {@code -Dskiff.failover.fault=pause} stops the master
 * with SIGSTOP instead (a hung master), wakes it after the takeover and counts its SEND_OKs.
 *
 * <p>With {@code -Dskiff.failover.systems=skiff,official} (default {@code skiff}) the same runs
 * follow against Apache RocketMQ 5.5
 * in controller mode ({@link OfficialControllerCluster}: 3 DLedger controller peers, a name
 * server, 3 brokers with {@code enableControllerMode=true}) in the same JVM session, and both
 * figure lines are printed at the end. Skiff must lose nothing; the official broker's figures are
 * reported, not asserted.
 */
@EnabledIfSystemProperty(named = "skiff.failover.runs", matches = "\\d+")
@Timeout(7_200)
class FailoverFigures {
    static final long HEARTBEAT_TIMEOUT_MS = 3_000;
    /**
     * The producer's send timeout with a paused master: a send to it hangs until this timeout, so
     * with FailoverLoad's 3 s the figure moved in 3 s steps (6.2 s for both systems) and said more
     * about the client than about the failover.
     */
    static final long PAUSED_MASTER_SEND_TIMEOUT_MS = 1_000;

    @TempDir
    Path dir;

    @Test
    void killTheMasterNTimes() throws Exception {
        int runs = Integer.getInteger("skiff.failover.runs");
        int peers = Integer.getInteger("skiff.failover.peers", 3);
        List<String> systems =
                List.of(System.getProperty("skiff.failover.systems", "skiff").split(","));
        FailoverRuns.Fault fault = FailoverRuns.Fault.fromProperty();
        FailoverRuns.Figures skiff = null;
        if (systems.contains("skiff")) {
            java.nio.file.Files.createDirectories(dir.resolve("skiff"));
            try (ProcessCluster cluster = new ProcessCluster(dir.resolve("skiff"), HEARTBEAT_TIMEOUT_MS)) {
                cluster.startAll(peers, List.of("b0", "b1", "b2"), "allAckInSyncStateSet=true");
                try (FailoverLoad load =
                        begin(new FailoverLoad(cluster.namesrvAddr(), ControllerQuorumProcessTest.TOPIC, "f"), fault)) {
                    skiff = FailoverRuns.measure("skiff", skiffCluster(cluster), load, runs, fault);
                } finally {
                    System.out.println("logs kept in " + cluster.keepOutputs("failover-figures"));
                }
            }
        }
        FailoverRuns.Figures official = null;
        if (systems.contains("official")) {
            try (OfficialControllerCluster cluster =
                    new OfficialControllerCluster(dir.resolve("official"), HEARTBEAT_TIMEOUT_MS)) {
                cluster.startAll(peers, List.of("b0", "b1", "b2"));
                try (FailoverLoad load =
                        begin(new FailoverLoad(cluster.namesrvAddr(), ControllerQuorumProcessTest.TOPIC, "o"), fault)) {
                    official = FailoverRuns.measure("official-5.5", cluster, load, runs, fault);
                } finally {
                    cluster.printFailoverLines();
                }
            }
        }
        if (skiff != null) {
            System.out.println(skiff.line());
            assertThat(skiff.lost()).isZero();
            assertThat(skiff.staleAcks()).as("SEND_OKs from a deposed master").isZero();
        }
        if (official != null) {
            System.out.println(official.line());
        }
    }

    private static FailoverLoad begin(FailoverLoad load, FailoverRuns.Fault fault) {
        if (fault == FailoverRuns.Fault.PAUSE) {
            load.producer().setSendMsgTimeout((int) PAUSED_MASTER_SEND_TIMEOUT_MS);
        }
        return load.begin();
    }

    private static FailoverRuns.Cluster skiffCluster(ProcessCluster cluster) {
        return new FailoverRuns.Cluster() {
            @Override
            public String namesrvAddr() {
                return cluster.namesrvAddr();
            }

            @Override
            public String brokerAt(int port) {
                return cluster.brokerAt(port);
            }

            @Override
            public void kill(String broker) throws Exception {
                cluster.kill(broker);
            }

            @Override
            public void pause(String broker) throws Exception {
                cluster.pause(broker);
            }

            @Override
            public void resume(String broker) throws Exception {
                cluster.resume(broker);
            }

            @Override
            public void restartAsSlave(String broker) throws Exception {
                cluster.start(broker);
                cluster.awaitOutput(broker, "now slave of", 120);
            }
        };
    }
}
