package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.common.message.RecordCheck;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker group as separate processes on 127.0.0.1 ({@link ProcessCluster}): a name server, a
 * SYNC_MASTER and two slaves (which learn their master's HA address from the name server). The
 * official producer's sync
 * sends are answered only once a slave has them; the slaves' commit logs and consume queues end up
 * byte-identical to the master's; a slave killed with SIGKILL leaves sends going while one slave
 * remains and SLAVE_NOT_AVAILABLE when none does, and catches up after a restart; and after the
 * master is killed under load, every message it answered SEND_OK is in the surviving slave's log.
 */
@Timeout(180)
class ReplicationProcessTest {
    private static final int SEGMENT = ProcessCluster.SEGMENT;
    private static final String TOPIC = "ReplicatedTopic";

    @TempDir
    Path dir;

    private ProcessCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Starts broker {@code name} of the classic group {@code broker-r} and waits until it serves. */
    private void broker(String name, String role, int id, String... extra) throws Exception {
        List<String> lines = new ArrayList<>(
                List.of("brokerName=broker-r", "brokerRole=" + role, "brokerId=" + id, "haSendHeartbeatInterval=1000"));
        lines.addAll(List.of(extra));
        cluster.startBrokerWith(name, lines);
        cluster.awaitOutput(name, "serving at", 60);
    }

    private DefaultMQProducer producer(String name) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("pg-" + name);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(name + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return producer;
    }

    /** Sends {@code count} messages from 8 threads; returns the statuses' counts and records acked ones. */
    private static Map<SendStatus, Integer> send(
            DefaultMQProducer producer, int count, String prefix, Map<String, String> acked) throws Exception {
        Map<SendStatus, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String key = prefix + i;
                        SendResult r = producer.send(new Message(TOPIC, "tag", key, body(key)));
                        statuses.merge(r.getSendStatus(), 1, Integer::sum);
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            acked.put(key, r.getOffsetMsgId());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    private static byte[] body(String key) {
        return ("body of " + key + " " + "z".repeat(key.hashCode() & 0xFF)).getBytes();
    }

    @Test
    void aSyncMasterAndTwoSlaves() throws Exception {
        cluster = new ProcessCluster(dir, 3_000);
        cluster.startNamesrv();
        broker("master", "SYNC_MASTER", 0);
        broker("slave1", "SLAVE", 1, "haListenPort=-1"); // slaves learn the master's HA address
        broker("slave2", "SLAVE", 2, "haListenPort=-1");
        DefaultMQProducer producer = producer("repl");
        Map<String, String> acked = new ConcurrentHashMap<>();
        try {
            awaitSendOk(producer);
            // 10,000 in the suite; -Dskiff.replication.messages=100000 for the figure
            int messages = Integer.getInteger("skiff.replication.messages", 10_000);
            long t0 = System.nanoTime();
            Map<SendStatus, Integer> first = send(producer, messages, "a", acked);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.printf("%,d sync-replicated sends (2 slaves) in %d ms: %s%n", messages, ms, first);
            assertThat(first).containsEntry(SendStatus.SEND_OK, messages);

            long end = logEnd(dir.resolve("master/commitlog"));
            assertThat(end).isGreaterThan(SEGMENT); // the log rolled at least once
            awaitSameLog("slave1", end);
            awaitSameLog("slave2", end);
            awaitSameQueues("slave1");
            awaitSameQueues("slave2");

            cluster.kill("slave2"); // SIGKILL
            Map<SendStatus, Integer> oneSlave = send(producer, 500, "b", acked);
            assertThat(oneSlave).as("one in-sync slave is enough").containsEntry(SendStatus.SEND_OK, 500);

            cluster.kill("slave1");
            Map<SendStatus, Integer> noSlave = send(producer, 50, "c", new ConcurrentHashMap<>());
            // a send already waiting for slave1 when it died may time out instead (FLUSH_SLAVE_TIMEOUT):
            // never SEND_OK, and once the master has seen the connection go, SLAVE_NOT_AVAILABLE
            assertThat(noSlave.keySet())
                    .as("no slave left")
                    .isSubsetOf(SendStatus.SLAVE_NOT_AVAILABLE, SendStatus.FLUSH_SLAVE_TIMEOUT);
            assertThat(noSlave.getOrDefault(SendStatus.SLAVE_NOT_AVAILABLE, 0)).isGreaterThanOrEqualTo(45);

            cluster.start("slave1"); // restarts over its data and catches up
            cluster.awaitOutput("slave1", "serving at", 60);
            long end2 = logEnd(dir.resolve("master/commitlog"));
            awaitSameLog("slave1", end2);
            Map<SendStatus, Integer> back = send(producer, 500, "d", acked);
            assertThat(back).containsEntry(SendStatus.SEND_OK, 500);

            // kill the master under sync load: every SEND_OK must be in the slave's log
            Map<String, String> lastAcked = new ConcurrentHashMap<>();
            CountDownLatch enoughAcked = new CountDownLatch(300);
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = Thread.ofPlatform().start(() -> {
                int i = 0;
                while (!stop.get()) {
                    String key = "e" + i++;
                    try {
                        SendResult r = producer.send(new Message(TOPIC, "tag", key, body(key)));
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            lastAcked.put(key, r.getOffsetMsgId());
                            enoughAcked.countDown();
                        }
                    } catch (Exception gone) {
                        return;
                    }
                }
            });
            enoughAcked.await(10, TimeUnit.SECONDS); // kill after 300 acks (or 10 s: the size is asserted below)
            cluster.kill("master");
            stop.set(true);
            load.join(30_000);
            cluster.stop("slave1"); // a clean stop, so its files are complete
            assertThat(lastAcked).hasSizeGreaterThanOrEqualTo(300);
            acked.putAll(lastAcked);
            int checked = assertAllIn(dir.resolve("slave1/commitlog"), acked);
            System.out.printf("%,d acknowledged messages found in the surviving slave's log%n", checked);
        } finally {
            producer.shutdown();
        }
    }

    /** Sends until one send is answered SEND_OK: the slaves have connected and caught up (bounded). */
    private static void awaitSendOk(DefaultMQProducer producer) throws Exception {
        SendStatus[] last = {null};
        AtomicInteger tries = new AtomicInteger();
        boolean ok = Await.until(Duration.ofSeconds(40), () -> {
            String key = "warm" + tries.getAndIncrement();
            try {
                last[0] =
                        producer.send(new Message(TOPIC, "tag", key, body(key))).getSendStatus();
            } catch (Exception e) {
                last[0] = null; // the topic's route may not be known yet
            }
            return last[0] == SendStatus.SEND_OK;
        });
        if (!ok) {
            throw new AssertionError("no SEND_OK within 40 s; last status " + last[0]);
        }
    }

    /** Every acked key is at its offset in {@code commitLog}, with its body. */
    private static int assertAllIn(Path commitLog, Map<String, String> acked) throws IOException {
        int n = 0;
        for (Map.Entry<String, String> e : acked.entrySet()) {
            long offset = OffsetMessageId.decode(e.getValue()).physicalOffset();
            Path seg = commitLog.resolve(String.format("%020d", offset - offset % SEGMENT));
            assertThat(seg).as("segment of %s", e.getKey()).exists();
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "r")) {
                ByteBuffer b = f.getChannel().map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, f.length());
                StoredMessage m = StoredRecordDecoder.decode(b, (int) (offset % SEGMENT));
                assertThat(m.property("KEYS")).as("record at %d", offset).isEqualTo(e.getKey());
                assertThat(m.body()).isEqualTo(body(e.getKey()));
            }
            n++;
        }
        return n;
    }

    /** The end of the records in a commit-log folder (walks records and blank markers). */
    static long logEnd(Path commitLog) throws IOException {
        List<Path> segs;
        try (Stream<Path> s = Files.list(commitLog)) {
            segs = s.filter(p -> p.getFileName().toString().matches("\\d{20}"))
                    .sorted()
                    .toList();
        }
        long end = 0;
        for (Path seg : segs) {
            long start = Long.parseLong(seg.getFileName().toString());
            if (start != end && end != 0) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
            int pos = 0;
            while (pos < b.capacity()) {
                int size = RecordCheck.check(b, pos, b.capacity(), null, -1, SEGMENT);
                if (size == RecordCheck.BLANK) {
                    pos = b.capacity();
                    break;
                }
                if (size <= 0) {
                    return start + pos;
                }
                pos += size;
            }
            end = start + pos;
        }
        return end;
    }

    /** Waits (bounded) until the slave's log equals the master's up to {@code end}. */
    private void awaitSameLog(String slave, long end) throws Exception {
        ControllerFailoverProcessTest.awaitSameLog(cluster.commitLog("master"), cluster.commitLog(slave), end);
    }

    /** Waits (bounded) until each of the topic's consume-queue files equals the master's. */
    private void awaitSameQueues(String slave) throws Exception {
        Path mq = dir.resolve("master/consumequeue/" + TOPIC);
        String[] diff = {""};
        boolean same = Await.until(Duration.ofSeconds(30), () -> {
            diff[0] = queueDifference(mq, dir.resolve(slave + "/consumequeue/" + TOPIC));
            return diff[0] == null;
        });
        if (!same) {
            throw new AssertionError(slave + " consume queues differ: " + diff[0]);
        }
    }

    private static String queueDifference(Path master, Path slave) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(master)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            return "master has no queue files";
        }
        for (Path f : files) {
            Path other = slave.resolve(master.relativize(f));
            if (!Files.exists(other)) {
                return "no " + other;
            }
            if (Files.mismatch(f, other) >= 0) {
                return other + " differs at " + Files.mismatch(f, other);
            }
        }
        return null;
    }
}
