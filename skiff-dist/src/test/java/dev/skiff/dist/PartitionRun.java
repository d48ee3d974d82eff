package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.dist.PartitionClient.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One partition test's world: a {@link NetnsLab}, a {@link ProcessCluster} placed in its
 * namespaces, and the {@link PartitionClient} load running in the {@code client} namespace with its
 * journal. Waits read the journal or the processes' output (other processes: polled, bounded).
 * Closing kills every process it started and deletes the namespaces.
 */
final class PartitionRun implements AutoCloseable {
    private static final Pattern FULL_SET = Pattern.compile("sync-state set now \\[(\\d+), (\\d+), (\\d+)]");
    private static final Pattern ANY_SET = Pattern.compile("sync-state set now \\[([\\d, ]*)]");

    final Path dir;
    final NetnsLab lab;
    final ProcessCluster cluster;
    final Path journal;
    private final String topic;
    private final Path stopFile;
    private Process client;
    private Process consumer;

    private PartitionRun(Path dir, NetnsLab lab, ProcessCluster cluster, String topic) {
        this.dir = dir;
        this.lab = lab;
        this.cluster = cluster;
        this.topic = topic;
        this.journal = dir.resolve("journal.txt");
        this.stopFile = dir.resolve("stop");
    }

    /**
     * The layout of the master-partition tests: node {@code ctl} runs one controller peer and the
     * name server, {@code b0..b2} a SYNC_MASTER broker each ({@code allAckInSyncStateSet=true}),
     * {@code client} the load. Skips the test (an assumption) when network namespaces are missing.
     */
    static PartitionRun oneControllerNode(Path dir, long heartbeatTimeoutMs, String topic) throws Exception {
        return startOrSkip(
                dir,
                List.of("ctl", "b0", "b1", "b2"),
                p -> p.startsWith("n") ? "ctl" : p, // the controller peer n0 and the name server share ctl
                1,
                heartbeatTimeoutMs,
                topic,
                "allAckInSyncStateSet=true");
    }

    /** As {@link #start}, but skips the test (an assumption) when network namespaces are missing. */
    static PartitionRun startOrSkip(
            Path dir,
            List<String> nodes,
            Function<String, String> nodeOf,
            int peers,
            long heartbeatTimeoutMs,
            String topic,
            String... brokerExtra)
            throws Exception {
        String why = NetnsLab.unavailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "partition test skipped: " + why);
        return start(dir, nodes, nodeOf, peers, heartbeatTimeoutMs, topic, brokerExtra);
    }

    /**
     * Builds the lab ({@code nodes} plus {@code client}), starts {@code peers} controller peers, a
     * name server and brokers {@code b0..b2} ({@code nodeOf} says which node each process runs
     * in), then the client's load.
     */
    static PartitionRun start(
            Path dir,
            List<String> nodes,
            Function<String, String> nodeOf,
            int peers,
            long leaseMs,
            String topic,
            String... brokerExtra)
            throws Exception {
        NetnsLab lab = NetnsLab.create(
                "part",
                java.util.stream.Stream.concat(nodes.stream(), java.util.stream.Stream.of("client"))
                        .toList());
        ProcessCluster cluster = new ProcessCluster(
                dir,
                leaseMs,
                new ProcessCluster.Placement(n -> lab.address(nodeOf.apply(n)), n -> lab.exec(nodeOf.apply(n))));
        PartitionRun run = new PartitionRun(dir, lab, cluster, topic);
        try {
            cluster.startAll(peers, List.of("b0", "b1", "b2"), brokerExtra);
            run.client = ChildSkiff.start(
                    lab.exec("client"),
                    PartitionClient.class,
                    dir,
                    dir.resolve("client.out"),
                    256,
                    "load",
                    cluster.namesrvAddr(),
                    topic,
                    "k",
                    run.journal.toString(),
                    run.stopFile.toString(),
                    String.join(",", cluster.brokerAddrs()));
        } catch (Exception | AssertionError e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** A group ready for a cut: its master, the master's address, and the two slaves. */
    record SteadyGroup(String master, String masterAddr, List<String> slaves) {}

    /**
     * {@link #awaitSteadyMaster}, then names the slaves and prints the group with the time since
     * {@code startNanos}.
     */
    SteadyGroup awaitSteadyGroup(long startNanos) throws Exception {
        String master = awaitSteadyMaster();
        List<String> slaves = List.of("b0", "b1", "b2").stream()
                .filter(b -> !b.equals(master))
                .toList();
        String masterAddr = cluster.brokerAddr(master);
        System.out.println("MASTER " + master + " (" + masterAddr + ") slaves " + slaves + ", ready after "
                + ms(System.nanoTime() - startNanos) + " ms");
        return new SteadyGroup(master, masterAddr, slaves);
    }

    /** Waits for 100 acknowledgements, the master's full sync-state set, then 50 more; returns the master. */
    String awaitSteadyMaster() throws Exception {
        List<Entry> warm = awaitJournal(e -> acks(e) >= 100, 180);
        String master = cluster.brokerAt(lastAck(warm).where());
        assertThat(master).as("master of %s", lastAck(warm)).isNotNull();
        awaitFullSet(master, 90);
        awaitMoreAcks(50, 60);
        return master;
    }

    /** Waits (bounded) for {@code n} more acknowledgements in the journal than now. */
    void awaitMoreAcks(int n, int seconds) throws Exception {
        int target = acks(PartitionClient.read(journal)) + n;
        awaitJournal(e -> acks(e) >= target, seconds);
    }

    /** Waits (bounded) until the journal written so far satisfies {@code done}; returns it. */
    List<Entry> awaitJournal(Predicate<List<Entry>> done, int seconds) throws Exception {
        List<List<Entry>> read = new ArrayList<>(List.of(List.of()));
        // polled, not woken by each write: the client writes its journal many times a second, and
        // each check parses all of it
        boolean met = Await.until(Duration.ofSeconds(seconds), () -> {
            read.set(0, PartitionClient.read(journal));
            if (done.test(read.get(0))) {
                return true;
            }
            assertThat(client.isAlive())
                    .as("client alive: %s", ChildSkiff.read(dir.resolve("client.out")))
                    .isTrue();
            return false;
        });
        List<Entry> entries = read.get(0);
        if (met) {
            return entries;
        }
        throw new AssertionError("journal condition not met within " + seconds + " s; " + entries.size()
                + " entries, " + acks(entries) + " acknowledged, last "
                + entries.subList(Math.max(0, entries.size() - 5), entries.size()));
    }

    /** Stops the load (bounded) and returns the whole journal. */
    List<Entry> stopLoad() throws Exception {
        Files.writeString(stopFile, "stop");
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("client ends").isTrue();
        assertThat(PartitionClient.ended(journal)).as("journal complete").isTrue();
        return PartitionClient.read(journal);
    }

    /** Waits (bounded) until the master's latest sync-state set names three members. */
    void awaitFullSet(String master, int seconds) throws Exception {
        // woken by each write to the master's output
        boolean full = Await.fileShows(cluster.outputFile(master), Duration.ofSeconds(seconds), () -> {
            String last = null;
            Matcher m = ANY_SET.matcher(cluster.output(master));
            while (m.find()) {
                last = m.group();
            }
            return last != null && FULL_SET.matcher(last).matches();
        });
        if (!full) {
            throw new AssertionError("no full sync-state set on " + master + " within " + seconds + " s");
        }
    }

    /** Consumes the topic from the first offset in the client namespace; key → times seen. */
    Map<String, Integer> consume(Set<String> expected) throws Exception {
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
                topic,
                expectedFile.toString(),
                result.toString(),
                "90");
        assertThat(consumer.waitFor(150, TimeUnit.SECONDS)).as("consumer ends").isTrue();
        assertThat(Files.exists(result))
                .as("consumer result (exit %d): %s", consumer.exitValue(), ChildSkiff.read(dir.resolve("consumer.out")))
                .isTrue();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length == 2) {
                seen.put(f[0], Integer.parseInt(f[1]));
            }
        }
        return seen;
    }

    /** The time stamp (HH:mm:ss.SSS, at the start of the line) of the last output line of {@code name} holding {@code text}. */
    LocalTime lastLineTime(String name, String text) throws Exception {
        String line = null;
        for (String l : cluster.output(name).split("\n")) {
            if (l.contains(text)) {
                line = l;
            }
        }
        assertThat(line).as("a line '%s' from %s", text, name).isNotNull();
        return LocalTime.parse(line.substring(0, 12));
    }

    /** Every acknowledged key (producer SEND_OK, direct SUCCESS) → its offset message id. */
    static Map<String, String> acked(List<Entry> entries) {
        Map<String, String> acked = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.acknowledged()) {
                acked.put(e.key(), e.id());
            }
        }
        return acked;
    }

    static int acks(List<Entry> entries) {
        return (int) entries.stream().filter(Entry::acknowledged).count();
    }

    static Entry lastAck(List<Entry> entries) {
        Entry last = null;
        for (Entry e : entries) {
            if (e.kind().equals("SEND") && e.acknowledged()) {
                last = e;
            }
        }
        return last;
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void close() {
        for (Process p : new Process[] {client, consumer}) {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            System.out.println("logs kept in " + cluster.keepOutputs("partition"));
            cluster.printOutputs(".*(now master|now slave|sync-state set|fenced|writes resumed|log cut|stops accepting"
                    + "|serving at|leads).*");
        } catch (Exception e) {
            System.out.println("cannot print outputs: " + e);
        }
        cluster.close();
        lab.close();
    }
}
