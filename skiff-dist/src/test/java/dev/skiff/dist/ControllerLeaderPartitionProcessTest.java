package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.dist.PartitionClient.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second partition shape, in network namespaces ({@link PartitionRun}): three controller peers
 * {@code n0..n2} each in a namespace of its own, the name server in {@code nsrv}, brokers {@code
 * b0..b2} (SYNC_MASTER, controller mode, {@code allAckInSyncStateSet=true}, 3 s heartbeat timeout
 * and lease) and the client in theirs. The Raft leader of the controller is cut off from the two
 * other peers (the brokers and the client still reach it). Checked: the other two elect a new
 * leader; the group keeps its master (no broker becomes master, the master epoch stays) and keeps
 * acknowledging sends (the longest gap between two SEND_OKs is printed and bounded); after healing
 * every acknowledged message is on the master and consumed.
 *
 * <p>Runs with {@code -Dskiff.failover.system=true} (nine JVMs).
 */
@Timeout(500)
@EnabledIfSystemProperty(named = "skiff.failover.system", matches = "true")
class ControllerLeaderPartitionProcessTest {
    private static final String TOPIC = "LeaderPartitionTopic";
    private static final long LEASE_MS = 3_000;
    private static final List<String> PEERS = List.of("n0", "n1", "n2");

    @TempDir
    Path dir;

    private PartitionRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void aControllerLeaderCutOffFromItsPeersLosesTheQuorumAndTheGroupKeepsItsMaster() throws Exception {
        long t0 = System.nanoTime();
        run = PartitionRun.startOrSkip(
                dir,
                List.of("n0", "n1", "n2", "nsrv", "b0", "b1", "b2"),
                p -> p.equals("namesrv") ? "nsrv" : p,
                3,
                LEASE_MS,
                TOPIC,
                "allAckInSyncStateSet=true");
        ProcessCluster cluster = run.cluster;
        String master = run.awaitSteadyMaster();
        String masterAddr = cluster.brokerAddr(master);
        String leader = leader();
        List<String> followers = PEERS.stream().filter(p -> !p.equals(leader)).toList();
        System.out.println("MASTER " + master + ", controller leader " + leader + ", ready after "
                + PartitionRun.ms(System.nanoTime() - t0) + " ms");
        int mastersBefore = masterLines();
        int fencesBefore = cluster.count(master, "writes stopped: fenced");

        Map<String, Integer> leadsBefore = new HashMap<>();
        for (String p : followers) {
            leadsBefore.put(p, cluster.count(p, "controller peer " + p + " leads"));
        }
        long cutAt = run.lab.cut(leader, followers);
        String newLeader = awaitNewLeader(leadsBefore, 60);
        long newLeaderMs = PartitionRun.ms(System.nanoTime() - cutAt);
        // the partition lasts five leases; the group must keep working through it
        long until = cutAt + TimeUnit.MILLISECONDS.toNanos(5 * LEASE_MS);
        run.awaitJournal(e -> !e.isEmpty() && e.get(e.size() - 1).endNanos() > until, 60);
        run.awaitMoreAcks(20, 60);
        long healAt = System.nanoTime();
        run.lab.heal(leader, followers);
        run.awaitMoreAcks(50, 60);
        List<Entry> all = run.stopLoad();

        Map<String, String> acked = PartitionRun.acked(all);
        long maxGapMs = maxAckGapMs(all, cutAt, healAt);
        long acksDuring = all.stream()
                .filter(e -> e.acknowledged() && e.endNanos() > cutAt && e.endNanos() < healAt)
                .count();
        int fences = cluster.count(master, "writes stopped: fenced") - fencesBefore;
        System.out.println("LEADER_PARTITION controller leader " + leader + " -> " + newLeader + " after "
                + newLeaderMs + " ms; master " + master + " kept; acknowledged during the partition " + acksDuring
                + ", longest gap between SEND_OKs " + maxGapMs + " ms, master fenced " + fences
                + " times meanwhile; acknowledged in all " + acked.size());

        assertThat(newLeader).isIn(followers);
        assertThat(masterLines()).as("no broker became master").isEqualTo(mastersBefore);
        assertThat(all.stream()
                        .filter(e -> e.kind().equals("SEND") && e.acknowledged() && e.endNanos() > cutAt)
                        .map(Entry::where)
                        .distinct()
                        .toList())
                .containsExactly(masterAddr);
        assertThat(acksDuring).isPositive();
        assertThat(maxGapMs).as("longest gap between acknowledgements").isLessThan(4 * LEASE_MS);

        ControllerFailoverProcessTest.assertAllIn(cluster.commitLog(master), acked);
        Map<String, Integer> seen = run.consume(acked.keySet());
        int duplicates = seen.values().stream().mapToInt(c -> c - 1).sum();
        System.out.println("CONSUMED " + seen.size() + " distinct keys, duplicates " + duplicates + ", total run "
                + PartitionRun.ms(System.nanoTime() - t0) + " ms");
        assertThat(seen.keySet()).containsAll(acked.keySet());
    }

    /** The longest time between two acknowledgements (or a window edge) inside [from, to]. */
    private static long maxAckGapMs(List<Entry> all, long from, long to) {
        long last = from;
        long max = 0;
        for (Entry e : all) {
            if (e.acknowledged() && e.endNanos() > from && e.endNanos() < to) {
                max = Math.max(max, e.endNanos() - last);
                last = e.endNanos();
            }
        }
        return PartitionRun.ms(Math.max(max, to - last));
    }

    /** How many "now master" lines all brokers printed. */
    private int masterLines() throws Exception {
        int n = 0;
        for (String b : List.of("b0", "b1", "b2")) {
            n += run.cluster.count(b, "now master at epoch");
        }
        return n;
    }

    /** The peer that announced leadership last (each peer logs "controller peer ID leads"). */
    private String leader() throws Exception {
        String best = null;
        LocalTime bestAt = null;
        for (String p : PEERS) {
            if (run.cluster.output(p).contains("controller peer " + p + " leads")) {
                LocalTime at = run.lastLineTime(p, "controller peer " + p + " leads");
                if (bestAt == null || at.isAfter(bestAt)) {
                    best = p;
                    bestAt = at;
                }
            }
        }
        assertThat(best).as("a controller peer that leads").isNotNull();
        return best;
    }

    /** Waits (bounded) until one of the peers counted in {@code before} announces it leads once more; returns it. */
    private String awaitNewLeader(Map<String, Integer> before, int seconds) throws Exception {
        String[] found = {null};
        boolean led = Await.until(Duration.ofSeconds(seconds), () -> {
            for (Map.Entry<String, Integer> p : before.entrySet()) {
                if (run.cluster.count(p.getKey(), "controller peer " + p.getKey() + " leads") > p.getValue()) {
                    found[0] = p.getKey();
                    return true;
                }
            }
            return false;
        });
        if (!led) {
            throw new AssertionError("no new controller leader within " + seconds + " s");
        }
        return found[0];
    }
}
