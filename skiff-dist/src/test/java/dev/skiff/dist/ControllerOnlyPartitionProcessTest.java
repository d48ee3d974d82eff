package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.dist.PartitionClient.Entry;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third partition shape ({@link PartitionRun#oneControllerNode}): the master is cut off from
 * node {@code ctl} only (the controller peer and the name server) and still reaches both slaves
 * and the client, so nothing but its lease stops it from writing while the controller elects a
 * slave. Heartbeat timeout 3 s, so the lease is 2 s with the default 1 s margin.
 *
 * <p>Checked: the master refuses writes within its lease (plus slack for the loaded machine); it
 * logged "writes stopped: fenced" strictly before the new master logged "now master at epoch" (the
 * gap is printed); no SEND_OK from it after its first refusal; a slave becomes master; every
 * acknowledged message is on the new master; after healing the old master rejoins as a slave, and
 * every acknowledged message is consumed exactly once.
 *
 * <p>Runs with {@code -Dskiff.failover.system=true}, like the other partition tests.
 */
@Timeout(400)
@EnabledIfSystemProperty(named = "skiff.failover.system", matches = "true")
class ControllerOnlyPartitionProcessTest {
    private static final String TOPIC = "ControllerOnlyTopic";
    private static final long HEARTBEAT_TIMEOUT_MS = 3_000;
    private static final long LEASE_MS = 2_000; // LeaseTiming.of(3_000, 1_000)

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
    void aMasterCutOffFromTheControllerOnlyFencesBeforeASlaveIsElected() throws Exception {
        long t0 = System.nanoTime();
        run = PartitionRun.oneControllerNode(dir, HEARTBEAT_TIMEOUT_MS, TOPIC);
        ProcessCluster cluster = run.cluster;
        PartitionRun.SteadyGroup group = run.awaitSteadyGroup(t0);
        String master = group.master();
        List<String> slaves = group.slaves();
        String masterAddr = group.masterAddr();

        long cutStart = System.nanoTime();
        run.lab.cut(master, List.of("ctl"));
        long cutDone = System.nanoTime();

        List<Entry> afterCut = run.awaitJournal(
                e -> ControllerPartitionProcessTest.firstAckElsewhere(e, masterAddr, cutDone) != null, 90);
        Entry firstNew = ControllerPartitionProcessTest.firstAckElsewhere(afterCut, masterAddr, cutDone);
        String newMaster = cluster.brokerAt(firstNew.where());
        assertThat(newMaster).isIn(slaves);
        List<Entry> fencedView =
                run.awaitJournal(e -> ControllerPartitionProcessTest.firstRefusal(e, masterAddr, cutDone) != null, 60);
        Entry refusal = ControllerPartitionProcessTest.firstRefusal(fencedView, masterAddr, cutDone);
        long fenceMs = PartitionRun.ms(refusal.endNanos() - cutStart);
        cluster.awaitOutput(master, "writes stopped: fenced", 30);
        run.awaitMoreAcks(50, 60);

        int slaveNotices = cluster.count(master, "now slave of");
        run.lab.heal(master, List.of("ctl"));
        cluster.awaitOutputCount(master, "now slave of", slaveNotices + 1, 90);
        run.awaitMoreAcks(20, 60);
        List<Entry> all = run.stopLoad();

        Map<String, String> acked = PartitionRun.acked(all);
        List<Entry> acksAfterFence = all.stream()
                .filter(e -> e.acknowledged() && masterAddr.equals(e.where()) && e.endNanos() > refusal.startNanos())
                .toList();
        long fenceToTakeoverMs = ChronoUnit.MILLIS.between(
                run.lastLineTime(master, "writes stopped: fenced"), run.lastLineTime(newMaster, "now master at epoch"));
        System.out.println("CONTROLLER-ONLY PARTITION: " + master + " refused writes " + fenceMs + " ms after the cut"
                + " (lease " + LEASE_MS + " ms of a " + HEARTBEAT_TIMEOUT_MS + " ms heartbeat timeout), new master "
                + newMaster + " first SEND_OK after " + PartitionRun.ms(firstNew.endNanos() - cutStart)
                + " ms, fence-to-takeover gap " + fenceToTakeoverMs + " ms (their logs), acks from the old master"
                + " after its first refusal " + acksAfterFence.size() + ", acknowledged " + acked.size());

        assertThat(fenceMs).isLessThan(LEASE_MS + 7_000);
        assertThat(fenceToTakeoverMs)
                .as("the old master fenced before the new one took over")
                .isPositive();
        assertThat(acksAfterFence)
                .as("SEND_OK from the old master after it refused")
                .isEmpty();

        Path newLog = cluster.commitLog(newMaster);
        ControllerFailoverProcessTest.assertAllIn(newLog, acked);
        Map<String, Integer> seen = run.consume(acked.keySet());
        int duplicates = seen.values().stream().mapToInt(c -> c - 1).sum();
        System.out.println("CONSUMED " + seen.size() + " distinct keys, duplicates " + duplicates);
        assertThat(seen.keySet()).containsAll(acked.keySet());
        assertThat(duplicates).as("duplicates consumed").isZero();
    }
}
