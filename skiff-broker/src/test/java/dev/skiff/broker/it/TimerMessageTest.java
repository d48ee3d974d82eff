package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages with a delivery time, end to end with the official producer and consumer. */
class TimerMessageTest {
    private static final long PRECISION_MS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aMessageWithADeliveryTimeArrivesAtThatTimeNotBefore() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            ConsumeSupport.createTopic(cluster, "TimerAt", 2);
            BlockingQueue<MessageExt> received = new ArrayBlockingQueue<>(16);
            BlockingQueue<Long> receivedAtMs = new ArrayBlockingQueue<>(16);
            DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-timer-at");
            consumer.subscribe("TimerAt", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    receivedAtMs.add(System.currentTimeMillis());
                    received.add(m);
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-at");
            try {
                Message m = new Message("TimerAt", "TagT", "key-at", "at".getBytes(StandardCharsets.UTF_8));
                long deliverMs = System.currentTimeMillis() + 3_500;
                m.setDeliverTimeMs(deliverMs);
                SendResult result = producer.send(m);
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

                MessageExt got = received.poll(15, TimeUnit.SECONDS);
                assertThat(got).as("delivered within 15 s").isNotNull();
                long gotAtMs = receivedAtMs.take();
                assertThat(gotAtMs).isGreaterThanOrEqualTo(deliverMs);
                assertThat(got.getStoreTimestamp())
                        .as("stored to its topic at or after the time, within precision + 1 s")
                        .isBetween(deliverMs, deliverMs + PRECISION_MS + 1_000);
                assertThat(got.getMsgId()).isEqualTo(result.getMsgId());
                assertThat(got.getKeys()).isEqualTo("key-at");
                assertThat(got.getTags()).isEqualTo("TagT");
                assertThat(got.getProperty("TIMER_OUT_MS")).isEqualTo(Long.toString(deliverMs));
                assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("at");
                assertThat(received.poll(1_500, TimeUnit.MILLISECONDS))
                        .as("once")
                        .isNull();
            } finally {
                producer.shutdown();
                consumer.shutdown();
            }
        }
    }

    @Test
    void thousandsOfRandomDelaysArriveNoneEarlyNoneLostNoneTwice() throws Exception {
        int n = 2_000;
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            ConsumeSupport.createTopic(cluster, "TimerMany", 4);
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-many");
            Map<String, Long> asked = new ConcurrentHashMap<>();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Random random = new Random(21 + t);
                    int from = t * n / 8;
                    int to = (t + 1) * n / 8;
                    sent.add(senders.submit(() -> {
                        for (int i = from; i < to; i++) {
                            Message m = new Message("TimerMany", ("m" + i).getBytes(StandardCharsets.UTF_8));
                            long deliverMs = System.currentTimeMillis() + 1_000 + random.nextInt(19_000);
                            m.setDeliverTimeMs(deliverMs);
                            SendResult r = producer.send(m);
                            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                            asked.put(r.getMsgId(), deliverMs);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                senders.shutdownNow();
                producer.shutdown();
            }
            assertThat(asked).hasSize(n);
            MessageStore store = cluster.broker().store();
            boolean all = StoreProbe.await(30_000, () -> count(store, "TimerMany") >= n);
            assertThat(all).as("all %d delivered", n).isTrue();
            assertThat(((DefaultMessageStore) store).awaitDispatched(5_000)).isTrue();

            List<StoredMessage> out = readAll(store, "TimerMany");
            assertThat(out).hasSize(n);
            Set<String> ids = new HashSet<>();
            for (StoredMessage m : out) {
                String id = m.property("UNIQ_KEY");
                assertThat(ids.add(id)).as("delivered once: %s", id).isTrue();
                Long deliverMs = asked.get(id);
                assertThat(deliverMs).as("a message that was sent: %s", id).isNotNull();
                assertThat(m.storeTimestampMs())
                        .as("never early, at most precision + 1 s late")
                        .isBetween(deliverMs, deliverMs + PRECISION_MS + 1_000);
            }
            assertThat(StoreProbe.await(5_000, () -> cluster.broker().timer().pendingCount() == 0))
                    .isTrue();
        }
    }

    @Test
    void aDelayOverTheLimitIsRefusedAndATimeInThePastIsDeliveredAtOnce() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            ConsumeSupport.createTopic(cluster, "TimerEdge", 1);
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-edge");
            DefaultMQAdminExt admin = OfficialClients.admin(cluster, 100);
            try {
                Message tooFar = new Message("TimerEdge", "far".getBytes(StandardCharsets.UTF_8));
                tooFar.setDelayTimeSec(259_200 + 60);
                assertThatThrownBy(() -> producer.send(tooFar))
                        .isInstanceOfSatisfying(
                                MQBrokerException.class,
                                e -> assertThat(e.getResponseCode()).isEqualTo(13))
                        .hasMessageContaining("timerMaxDelaySec");

                MessageStore store = cluster.broker().store();
                Message past = new Message("TimerEdge", "past".getBytes(StandardCharsets.UTF_8));
                past.setDeliverTimeMs(System.currentTimeMillis() - 5_000);
                long sentAtMs = System.currentTimeMillis();
                SendResult r = producer.send(past);
                assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(((DefaultMessageStore) store).awaitDispatched(5_000)).isTrue();
                List<StoredMessage> stored = readAll(store, "TimerEdge");
                assertThat(stored).hasSize(1);
                assertThat(stored.get(0).storeTimestampMs()).isLessThan(sentAtMs + 1_000);
                assertThat(store.maxOffsetInQueue(SystemTopics.TIMER_TOPIC, 0)).isZero();

                Message within = new Message("TimerEdge", "later".getBytes(StandardCharsets.UTF_8));
                within.setDelayTimeSec(3_600);
                assertThat(producer.send(within).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(StoreProbe.await(
                                5_000, () -> cluster.broker().timer().pendingCount() == 1))
                        .isTrue();
                KVTable kv = admin.fetchBrokerRuntimeStats(cluster.brokerAddr());
                assertThat(kv.getTable())
                        .containsEntry("timerPendingNum", "1")
                        .containsEntry("timerOffsetBehind", "0")
                        .containsKeys("timerReadBehind", "timerCongestNum", "timerEnqueueTps", "timerDequeueTps");
            } finally {
                producer.shutdown();
                admin.shutdown();
            }
        }
    }

    @Test
    void pendingTimersSurviveABrokerRestartAndFireOnce() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            ConsumeSupport.createTopic(cluster, "TimerRestart", 1);
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-restart");
            long soonMs = System.currentTimeMillis() + 2_500;
            try {
                Message soon = new Message("TimerRestart", "soon".getBytes(StandardCharsets.UTF_8));
                soon.setDeliverTimeMs(soonMs);
                Message far = new Message("TimerRestart", "far".getBytes(StandardCharsets.UTF_8));
                far.setDelayTimeSec(2 * 86_400);
                assertThat(producer.send(soon).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(producer.send(far).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            } finally {
                producer.shutdown();
            }
            // both taken in (a count that only grows: the soon one may already have fired on a slow
            // machine, so "2 pending" is a window a poll can miss)
            assertThat(StoreProbe.await(10_000, () -> cluster.broker().timer().enqueuedCount() == 2))
                    .isTrue();
            cluster.restartBroker();

            assertThat(StoreProbe.await(5_000, () -> cluster.broker().timer().pendingCount() >= 1))
                    .as("rebuilt from the timer log")
                    .isTrue();
            MessageStore store = cluster.broker().store();
            assertThat(StoreProbe.await(10_000, () -> store.maxOffsetInQueue("TimerRestart", 0) == 1))
                    .isTrue();
            assertThat(((DefaultMessageStore) store).awaitDispatched(5_000)).isTrue();
            List<StoredMessage> out = readAll(store, "TimerRestart");
            assertThat(out).hasSize(1);
            assertThat(new String(out.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("soon");
            assertThat(out.get(0).storeTimestampMs()).isGreaterThanOrEqualTo(soonMs);
            assertThat(StoreProbe.await(5_000, () -> cluster.broker().timer().pendingCount() == 1))
                    .as("the far one still waits (figures are published at the end of a pass)")
                    .isTrue();

            cluster.restartBroker();
            assertThat(StoreProbe.await(5_000, () -> cluster.broker().timer().pendingCount() == 1))
                    .isTrue();
            assertThat(readAll(cluster.broker().store(), "TimerRestart"))
                    .as("not fired again")
                    .hasSize(1);
        }
    }

    private static long count(MessageStore store, String topic) {
        long total = 0;
        for (int q = 0; q < 4; q++) {
            total += store.maxOffsetInQueue(topic, q);
        }
        return total;
    }

    private static List<StoredMessage> readAll(MessageStore store, String topic) {
        List<StoredMessage> out = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            long offset = 0;
            while (true) {
                try (GetResult r = store.getMessages(topic, q, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
                    if (r.records().isEmpty()) {
                        break;
                    }
                    for (SelectedRecord rec : r.records()) {
                        out.add(StoredRecordDecoder.decode(
                                rec.buffer(), rec.buffer().position()));
                        offset = rec.queueOffset() + 1;
                    }
                }
            }
        }
        return out;
    }
}
