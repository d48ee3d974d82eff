package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of {@code SYNC_FLUSH} at the level a user sees it: a standalone server in a child
 * process takes sync sends from the official producer and is killed with SIGKILL while sends are in
 * flight, several times over the same data folder (segments of 16 MiB and 16 KiB bodies, so the log rolls). After
 * the last restart, every message that was answered SEND_OK is read back by the official lite pull
 * consumer at the queue and offset its answer named, with its body intact, and no queue offset
 * repeats or leaves a gap.
 */
class SyncFlushKillTest {
    private static final String TOPIC = "KillTopic";
    private static final int ROUNDS = 3;
    private static final int SENDERS = 4;
    private static final int BODY_BYTES = 16 * 1024;
    /** Acknowledged sends per round before the kill (or {@link #ROUND_SEND_MS}, whichever first). */
    private static final int ACKS_PER_ROUND = 3_000;

    private static final long ROUND_SEND_MS = 4_000;

    @TempDir
    Path dir;

    /** Where an acknowledged message must be: queue id and queue offset. */
    private record Placement(int queueId, long queueOffset) {}

    @Test
    void everyAcknowledgedMessageSurvivesRepeatedKills() throws Exception {
        int namesrvPort = freePort();
        int brokerPort = freePort();
        Path config = dir.resolve("broker.properties");
        Files.writeString(config, "flushDiskType=SYNC_FLUSH\nmappedFileSizeCommitLog=16777216\n");
        String[] args = ChildSkiff.standaloneArgs(dir.resolve("data"), namesrvPort, brokerPort, config);
        Map<String, Placement> acked = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++) {
            Process server = start(round, args);
            try {
                awaitOutput(server, round, "Skiff standalone is ready", 60);
                sendUntilKilled(server, namesrvPort, round, sequence, acked);
            } finally {
                server.destroyForcibly();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(acked).as("acknowledged sends over all rounds").hasSizeGreaterThan(ROUNDS * 100);

        Process server = start(ROUNDS, args);
        try {
            awaitOutput(server, ROUNDS, "Skiff standalone is ready", 60);
            Map<Placement, MessageExt> stored = readAll(namesrvPort, sequence.get());
            System.out.printf("%,d acknowledged over %d kills, %,d stored%n", acked.size(), ROUNDS, stored.size());
            for (Map.Entry<String, Placement> e : acked.entrySet()) {
                MessageExt m = stored.get(e.getValue());
                assertThat(m)
                        .as("acknowledged %s at %s", e.getKey(), e.getValue())
                        .isNotNull();
                assertThat(m.getKeys()).isEqualTo(e.getKey());
                assertThat(m.getBody()).isEqualTo(body(e.getKey()));
            }
            assertThat(output(ROUNDS)).as("the restart after a kill").contains("abnormal recovery");
            try (var segments = Files.list(dir.resolve("data").resolve("broker").resolve("commitlog"))) {
                List<String> names =
                        segments.map(f -> f.getFileName().toString()).sorted().toList();
                assertThat(names).as("the commit log rolled").hasSizeGreaterThan(1);
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    /**
     * Sync sends from {@link #SENDERS} threads; after {@link #ACKS_PER_ROUND} acknowledgements (or
     * {@link #ROUND_SEND_MS}) the server is killed while the senders go on, then they stop.
     */
    private void sendUntilKilled(
            Process server, int namesrvPort, int round, AtomicLong sequence, Map<String, Placement> acked)
            throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("pg-kill");
        producer.setNamesrvAddr("127.0.0.1:" + namesrvPort);
        producer.setInstanceName("kill-" + round + "-" + System.nanoTime());
        producer.setSendMsgTimeout(3_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE); // stored as sent, so the log fills
        producer.start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong roundAcks = new AtomicLong();
        CountDownLatch enoughAcks = new CountDownLatch(ACKS_PER_ROUND);
        List<Thread> senders = new ArrayList<>();
        try {
            for (int t = 0; t < SENDERS; t++) {
                senders.add(Thread.ofPlatform().name("kill-sender-" + t).start(() -> {
                    while (!stop.get()) {
                        String key = "k" + sequence.incrementAndGet();
                        try {
                            SendResult r = producer.send(new Message(TOPIC, "t", key, body(key)));
                            if (r.getSendStatus() == SendStatus.SEND_OK) {
                                acked.put(key, new Placement(r.getMessageQueue().getQueueId(), r.getQueueOffset()));
                                roundAcks.incrementAndGet();
                                enoughAcks.countDown();
                            }
                        } catch (Exception e) {
                            // not acknowledged: the server may be gone, or the topic not yet routed
                            sleepQuietly(20);
                        }
                    }
                }));
            }
            enoughAcks.await(ROUND_SEND_MS, TimeUnit.MILLISECONDS);
            server.destroyForcibly(); // SIGKILL with sends in flight
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            // the join below returns once each sender's in-flight send has ended (failed, or acknowledged
            // and recorded): no pause is needed for them to fail
            stop.set(true);
            for (Thread s : senders) {
                s.join(TimeUnit.SECONDS.toMillis(20));
            }
            producer.shutdown();
        }
        assertThat(roundAcks.get()).as("acks in round %d", round).isPositive();
    }

    /**
     * Reads every queue of the topic from offset 0 with the official lite pull consumer until
     * nothing new arrives for 2 s, then checks that each queue holds exactly the offsets 0..n-1.
     * A new group starting from the first offset is used instead of {@code seek}: the client's
     * seek races its own first pull, which can hand out a later batch first, so delivery order is
     * not checked; a message delivered twice must be the same message.
     */
    private Map<Placement, MessageExt> readAll(int namesrvPort, long maxMessages) throws Exception {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("cg-kill-check");
        consumer.setNamesrvAddr("127.0.0.1:" + namesrvPort);
        consumer.setInstanceName("kill-check-" + System.nanoTime());
        consumer.setAutoCommit(false);
        consumer.setPullBatchSize(64);
        Map<Placement, MessageExt> stored = new HashMap<>();
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.start();
        try {
            Collection<MessageQueue> queues = awaitQueues(consumer);
            consumer.assign(queues);
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(2)
                    && System.nanoTime() - deadline < 0
                    && stored.size() <= maxMessages) {
                List<MessageExt> batch = consumer.poll(500);
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (MessageExt m : batch) {
                    MessageExt earlier = stored.putIfAbsent(new Placement(m.getQueueId(), m.getQueueOffset()), m);
                    if (earlier != null) {
                        assertThat(m.getMsgId())
                                .as("queue %d offset %d delivered twice", m.getQueueId(), m.getQueueOffset())
                                .isEqualTo(earlier.getMsgId());
                    }
                }
            }
        } finally {
            consumer.shutdown();
        }
        Map<Integer, TreeSet<Long>> offsets = new HashMap<>();
        for (Placement p : stored.keySet()) {
            offsets.computeIfAbsent(p.queueId(), q -> new TreeSet<>()).add(p.queueOffset());
        }
        for (Map.Entry<Integer, TreeSet<Long>> e : offsets.entrySet()) {
            TreeSet<Long> held = e.getValue();
            assertThat(held.first()).as("first offset of queue %d", e.getKey()).isZero();
            assertThat(held.last())
                    .as("offsets of queue %d are dense and unique", e.getKey())
                    .isEqualTo(held.size() - 1L);
        }
        return stored;
    }

    private static Collection<MessageQueue> awaitQueues(DefaultLitePullConsumer consumer) throws Exception {
        List<Collection<MessageQueue>> found = new ArrayList<>(List.of(List.of()));
        Exception[] last = {null};
        boolean routed = Await.until(Duration.ofSeconds(30), () -> {
            try {
                found.set(0, consumer.fetchMessageQueues(TOPIC));
            } catch (Exception e) {
                last[0] = e; // not routed yet
            }
            return !found.get(0).isEmpty();
        });
        if (!routed) {
            throw new AssertionError("no queues of " + TOPIC + " within 30 s", last[0]);
        }
        return found.get(0);
    }

    /** A body of {@link #BODY_BYTES} pseudo-random bytes seeded by the key (so it does not compress). */
    private static byte[] body(String key) {
        byte[] b = new byte[BODY_BYTES];
        new SplittableRandom(key.hashCode()).nextBytes(b);
        return b;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path outputFile(int round) {
        return dir.resolve("out-" + round + ".txt");
    }

    private String output(int round) throws IOException {
        return ChildSkiff.read(outputFile(round));
    }

    private Process start(int round, String... args) throws IOException {
        return ChildSkiff.start(dir.resolve("logs"), outputFile(round), 256, args);
    }

    private void awaitOutput(Process process, int round, String text, int seconds) throws Exception {
        ChildSkiff.awaitOutput(process, outputFile(round), text, seconds);
    }

    private static int freePort() throws IOException {
        return ChildSkiff.freePort();
    }
}
