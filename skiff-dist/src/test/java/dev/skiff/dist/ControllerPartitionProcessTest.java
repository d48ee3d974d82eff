package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.dist.PartitionClient.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition, in network namespaces the test makes itself ({@link NetnsLab}; skipped
 * unless root with a working {@code ip netns}). Node {@code ctl} runs a controller peer and the
 * name server; {@code b0..b2} one SYNC_MASTER broker each (controller mode, {@code
 * allAckInSyncStateSet=true}, 3 s heartbeat timeout); {@code client} the official producer and
 * direct senders to every broker ({@link PartitionClient}), journaling every outcome.
 *
 * <p>Once the master has both slaves in its sync-state set, it is cut off from {@code ctl} and
 * from both slaves; the client still reaches it. Checked: a slave becomes master; every send the
 * old master answered SEND_OK after the cut is on the new master (their number is printed; with
 * SYNC replication and the slaves cut off there should be none, but a send whose slave ack
 * arrived just before the cut may be answered just after); the old master refuses writes within
 * its lease (fencing); after healing it rejoins as a slave, cuts what it stored after the cut, and
 * its log equals the new master's byte for byte; every acknowledged message is consumed
 * (duplicates counted), and none of the writes the old master stored after the cut is.
 */
@Timeout(400)
class ControllerPartitionProcessTest {
    private static final String TOPIC = "PartitionTopic";
    private static final long LEASE_MS = 3_000;
    private static final Pattern FULL_SET = Pattern.compile("sync-state set now \\[(\\d+), (\\d+), (\\d+)]");
    private static final Pattern ANY_SET = Pattern.compile("sync-state set now \\[([\\d, ]*)]");

    @TempDir
    Path dir;

    private NetnsLab lab;
    private ProcessCluster cluster;
    private Process client;
    private Process consumer;

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {client, consumer}) {
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        if (cluster != null) {
            System.out.println("logs in " + dir);
            cluster.printOutputs(
                    ".*(now master|now slave|sync-state set|fenced|writes resumed|log cut|stops accepting|serving at).*");
            cluster.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aMasterCutOffFromControllerAndSlavesAcknowledgesNothingThatIsLostAndRejoinsAsSlave() throws Exception {
        String why = NetnsLab.unavailable();
        assumeTrue(why == null, () -> "partition test skipped: " + why);
        lab = NetnsLab.create("part", List.of("ctl", "b0", "b1", "b2", "client"));
        cluster = new ProcessCluster(
                dir, LEASE_MS, new ProcessCluster.Placement(n -> lab.address(node(n)), n -> lab.exec(node(n))));
        long t0 = System.nanoTime();
        cluster.startAll(1, List.of("b0", "b1", "b2"), "allAckInSyncStateSet=true");
        Path journal = dir.resolve("journal.txt");
        Path stopFile = dir.resolve("stop");
        client = ChildSkiff.start(
                lab.exec("client"),
                PartitionClient.class,
                dir,
                dir.resolve("client.out"),
                256,
                "load",
                cluster.namesrvAddr(),
                TOPIC,
                "k",
                journal.toString(),
                stopFile.toString(),
                String.join(",", cluster.brokerAddrs()));

        // a master with both slaves in its sync-state set, and traffic through it
        List<Entry> warm = awaitJournal(journal, e -> acks(e) >= 100, 180);
        String master = cluster.brokerAt(lastAck(warm).where());
        assertThat(master).as("master of %s", lastAck(warm)).isNotNull();
        awaitFullSet(master, 90);
        int ackedBefore = acks(PartitionClient.read(journal));
        awaitJournal(journal, e -> acks(e) >= ackedBefore + 50, 60);
        List<String> slaves = List.of("b0", "b1", "b2").stream()
                .filter(b -> !b.equals(master))
                .toList();
        String masterAddr = cluster.brokerAddr(master);
        System.out.println("MASTER " + master + " (" + masterAddr + ") slaves " + slaves + ", ready after "
                + ms(System.nanoTime() - t0) + " ms");

        // the cut: master | controller + name server, master | each slave; the client reaches all
        List<String> others = List.of("ctl", slaves.get(0), slaves.get(1));
        long cutStart = System.nanoTime();
        long masterCut = lab.cut(master, others); // the master's side at once, then the others'
        long cutDone = System.nanoTime();

        // a slave takes over: the first SEND_OK from another broker
        List<Entry> afterCut = awaitJournal(journal, e -> firstAckElsewhere(e, masterAddr, cutDone) != null, 90);
        Entry firstNew = firstAckElsewhere(afterCut, masterAddr, cutDone);
        String newMaster = cluster.brokerAt(firstNew.where());
        assertThat(newMaster).isIn(slaves);
        long newMasterMs = ms(firstNew.endNanos() - cutStart);

        // fenced: the old master refuses direct writes (not a timeout waiting for slaves: a refusal)
        List<Entry> fencedView = awaitJournal(journal, e -> firstRefusal(e, masterAddr, cutDone) != null, 60);
        Entry refusal = firstRefusal(fencedView, masterAddr, cutDone);
        long fenceMs = ms(refusal.endNanos() - cutStart);
        cluster.awaitOutput(master, "writes stopped: fenced", 30);
        // the group goes on: more acknowledgements from the new master while the partition lasts
        int ackedMid = acks(PartitionClient.read(journal));
        awaitJournal(journal, e -> acks(e) >= ackedMid + 50, 60);

        // heal: the old master learns it was replaced, cuts its log and follows
        int slaveNotices = cluster.count(master, "now slave of");
        long healAt = System.nanoTime();
        lab.heal(master, others);
        cluster.awaitOutputCount(master, "now slave of", slaveNotices + 1, 90);
        long rejoinMs = ms(System.nanoTime() - healAt);
        int ackedHealed = acks(PartitionClient.read(journal));
        awaitJournal(journal, e -> acks(e) >= ackedHealed + 20, 60);

        Files.writeString(stopFile, "stop");
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("client ends").isTrue();
        assertThat(PartitionClient.ended(journal)).isTrue();
        List<Entry> all = PartitionClient.read(journal);

        // acknowledged = SEND_OK from the producer + SUCCESS from a direct send
        Map<String, String> acked = new LinkedHashMap<>();
        for (Entry e : all) {
            if (e.acknowledged()) {
                acked.put(e.key(), e.id());
            }
        }
        List<Entry> oldMasterAcksAfterCut = all.stream()
                .filter(e -> e.acknowledged() && e.endNanos() > masterCut && masterAddr.equals(e.where()))
                .toList();
        // stored by the old master after the cut, not acknowledged: these must vanish
        Set<String> deposed = all.stream()
                .filter(e -> e.startNanos() > masterCut && e.endNanos() < healAt && masterAddr.equals(e.where()))
                .filter(e -> e.what().equals("FLUSH_SLAVE_TIMEOUT") || e.what().equals("12"))
                .map(Entry::key)
                .collect(Collectors.toSet());
        long fenceVsElectionMs = ChronoUnit.MILLIS.between(
                lastLineTime(newMaster, "now master at epoch"), lastLineTime(master, "writes stopped: fenced"));
        String figures = "PARTITION cut took " + ms(masterCut - cutStart) + " ms on the master's side, "
                + ms(cutDone - cutStart) + " ms in all; new master " + newMaster + " after " + newMasterMs
                + " ms (first SEND_OK), "
                + master + " refused writes after " + fenceMs + " ms (lease " + LEASE_MS + " ms), "
                + "acks from the old master after the cut " + oldMasterAcksAfterCut.size() + ", "
                + "its unacknowledged writes after the cut " + deposed.size() + ", "
                + "old master fenced " + Math.abs(fenceVsElectionMs) + " ms "
                + (fenceVsElectionMs <= 0 ? "before" : "AFTER") + " the new master took over (their logs), "
                + "rejoined as slave " + rejoinMs + " ms after heal, acknowledged " + acked.size()
                + ", failed/refused sends " + (all.size() - acked.size());
        System.out.println(figures);
        System.out.println("OLD_MASTER_ACKS_AFTER_CUT " + oldMasterAcksAfterCut);

        // the old master stopped acknowledging within its lease (plus a poll period and slack for
        // a loaded machine); no acknowledgement from it after it refused
        assertThat(fenceMs).isLessThan(LEASE_MS + 7_000);
        assertThat(oldMasterAcksAfterCut)
                .allMatch(e -> e.endNanos() < refusal.startNanos(), "acknowledged before it was fenced");
        if (!deposed.isEmpty()) {
            assertThat(cluster.output(master)).contains("log cut from");
        }

        // every acknowledged message is on the new master, and the old master converges byte for byte
        Path newLog = cluster.commitLog(newMaster);
        ControllerFailoverProcessTest.assertAllIn(newLog, acked);
        long end = ReplicationProcessTest.logEnd(newLog);
        for (String b : List.of("b0", "b1", "b2")) {
            if (!b.equals(newMaster)) {
                ControllerFailoverProcessTest.awaitSameLog(newLog, cluster.commitLog(b), end);
            }
        }

        // every acknowledged message consumed; nothing the deposed master stored after the cut
        Map<String, Integer> seen = consume(acked.keySet());
        int duplicates = seen.values().stream().mapToInt(c -> c - 1).sum();
        System.out.println("CONSUMED " + seen.size() + " distinct keys, duplicates " + duplicates + ", total run "
                + ms(System.nanoTime() - t0) + " ms");
        assertThat(seen.keySet()).containsAll(acked.keySet());
        assertThat(seen.keySet()).doesNotContainAnyElementsOf(deposed);
    }

    private Map<String, Integer> consume(Set<String> expected) throws Exception {
        Path expectedFile = dir.resolve("expected.txt");
        Path result = dir.resolve("consumed.txt");
        Files.write(expectedFile, expected, StandardCharsets.UTF_8);
        consumer = ChildSkiff.start(
                lab.exec("client"),
                PartitionClient.class,
                dir,
                dir.resolve("consumer.out"),
                256,
                "consume",
                cluster.namesrvAddr(),
                TOPIC,
                expectedFile.toString(),
                result.toString(),
                "90");
        assertThat(consumer.waitFor(150, TimeUnit.SECONDS)).as("consumer ends").isTrue();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length == 2) {
                seen.put(f[0], Integer.parseInt(f[1]));
            }
        }
        return seen;
    }

    /** The namespace a cluster process runs in: the controller peer and the name server share {@code ctl}. */
    private static String node(String process) {
        return process.startsWith("n") ? "ctl" : process;
    }

    private static int acks(List<Entry> entries) {
        return (int) entries.stream().filter(Entry::acknowledged).count();
    }

    private static Entry lastAck(List<Entry> entries) {
        Entry last = null;
        for (Entry e : entries) {
            if (e.kind().equals("SEND") && e.acknowledged()) {
                last = e;
            }
        }
        return last;
    }

    private static Entry firstAckElsewhere(List<Entry> entries, String oldMaster, long after) {
        return entries.stream()
                .filter(e -> e.kind().equals("SEND") && e.acknowledged())
                .filter(e -> e.endNanos() > after && !oldMaster.equals(e.where()))
                .findFirst()
                .orElse(null);
    }

    /** The first direct send to {@code addr} begun after {@code after} and refused outright (not a slave-ack timeout). */
    private static Entry firstRefusal(List<Entry> entries, String addr, long after) {
        return entries.stream()
                .filter(e -> e.kind().equals("DIRECT") && e.where().equals(addr) && e.startNanos() > after)
                .filter(e -> !e.what().equals("0")
                        && !e.what().equals("12")
                        && !e.what().equals("-1"))
                .findFirst()
                .orElse(null);
    }

    /** Waits (bounded) until the master's latest sync-state set names three members. */
    private void awaitFullSet(String master, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String last = null;
            Matcher m = ANY_SET.matcher(cluster.output(master));
            while (m.find()) {
                last = m.group();
            }
            if (last != null && FULL_SET.matcher(last).matches()) {
                return;
            }
            Thread.sleep(100); // another process: nothing to wait on but its output
        }
        throw new AssertionError("no full sync-state set on " + master + " within " + seconds + " s");
    }

    private List<Entry> awaitJournal(Path journal, Predicate<List<Entry>> done, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Entry> entries = List.of();
        while (System.nanoTime() < deadline) {
            entries = PartitionClient.read(journal);
            if (done.test(entries)) {
                return entries;
            }
            assertThat(client.isAlive())
                    .as("client alive: %s", ChildSkiff.read(dir.resolve("client.out")))
                    .isTrue();
            Thread.sleep(100); // another process: nothing to wait on but its journal
        }
        throw new AssertionError("journal condition not met within " + seconds + " s; " + entries.size() + " entries, "
                + acks(entries) + " acknowledged, last " + tail(entries));
    }

    /** The time stamp (HH:mm:ss.SSS, at the start of the line) of the last output line of {@code name} holding {@code text}. */
    private LocalTime lastLineTime(String name, String text) throws Exception {
        String line = null;
        for (String l : cluster.output(name).split("\n")) {
            if (l.contains(text)) {
                line = l;
            }
        }
        assertThat(line).as("a line '%s' from %s", text, name).isNotNull();
        return LocalTime.parse(line.substring(0, 12));
    }

    private static List<Entry> tail(List<Entry> entries) {
        return entries.subList(Math.max(0, entries.size() - 5), entries.size());
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
