package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover figures, opt-in: {@code -Dskiff.failover.runs=N} ({@code -Dskiff.failover.peers=P},
 * default 3 controller peers). Separate JVMs on 127.0.0.1: P controller peers, a name server and
 * three SYNC_MASTER brokers (3 s heartbeat timeout, {@code allAckInSyncStateSet=true}), one
 * official producer sending all the time. Each run kills the master with SIGKILL and measures
 * kill → the first SEND_OK answered by another broker, then restarts the killed broker and waits
 * until it follows the new master. At the end every SEND_OK key is looked for with an official
 * consumer. Prints each run, the median and the max, the messages lost (acknowledged, never
 * consumed) and the duplicates (consumed more than once).
 */
@EnabledIfSystemProperty(named = "skiff.failover.runs", matches = "\\d+")
@Timeout(3_600)
class FailoverFigures {
    @TempDir
    Path dir;

    @Test
    void killTheMasterNTimes() throws Exception {
        int runs = Integer.getInteger("skiff.failover.runs");
        int peers = Integer.getInteger("skiff.failover.peers", 3);
        List<Long> times = new ArrayList<>();
        try (ProcessCluster cluster = new ProcessCluster(dir, 3_000);
                FailoverLoad load = startLoad(cluster, peers)) {
            for (int run = 1; run <= runs; run++) {
                assertThat(load.awaitMoreAcks(100, 60_000)).isTrue();
                String master = cluster.brokerAt(load.lastOkPort());
                int port = load.lastOkPort();
                long killedAt = System.nanoTime();
                cluster.kill(master);
                long okAt = load.awaitOkElsewhere(killedAt, port, 60_000);
                assertThat(okAt).as("run %d: a new master answered", run).isPositive();
                long ms = TimeUnit.NANOSECONDS.toMillis(okAt - killedAt);
                times.add(ms);
                System.out.println("FAILOVER_RUN " + run + " " + ms + " ms " + master + " -> "
                        + cluster.brokerAt(load.lastOkPort()));
                cluster.start(master);
                cluster.awaitOutput(master, "now slave of", 120);
            }
            load.halt();
            Set<String> acked = new HashSet<>(load.acked().keySet());
            Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
            ControllerQuorumProcessTest.consumeAll(cluster.namesrvAddr(), acked, seen, new ConcurrentHashMap<>(), 120);
            long lost = acked.stream().filter(k -> !seen.containsKey(k)).count();
            int duplicates = seen.values().stream().mapToInt(c -> c.get() - 1).sum();
            List<Long> sorted = times.stream().sorted().toList();
            long median = sorted.size() % 2 == 1
                    ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            System.out.println("FAILOVER_FIGURES runs=" + runs + " peers=" + peers + " times=" + times + " median="
                    + median + " ms max=" + sorted.get(sorted.size() - 1) + " ms acked=" + acked.size()
                    + " failedSends=" + load.failures() + " lost=" + lost + " duplicates=" + duplicates);
            assertThat(lost).isZero();
        }
    }

    private static FailoverLoad startLoad(ProcessCluster cluster, int peers) throws Exception {
        cluster.startAll(peers, List.of("b0", "b1", "b2"), "allAckInSyncStateSet=true");
        FailoverLoad load = new FailoverLoad(cluster.namesrvAddr(), ControllerQuorumProcessTest.TOPIC, "f");
        return load.begin();
    }
}
