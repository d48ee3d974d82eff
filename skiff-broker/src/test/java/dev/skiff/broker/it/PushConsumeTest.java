package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.assigned;
import static dev.skiff.broker.it.ConsumeSupport.await;
import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static dev.skiff.broker.it.ConsumeSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official push consumer against a Skiff broker: clustering, broadcasting, groups, tags, long polling. */
class PushConsumeTest {
    /** A negative window: a message delivered twice (or to two members) would show within it. */
    private static final long NO_DUPLICATE_WINDOW_MS = 500;

    private static final int QUEUES = 4;

    @TempDir
    Path dir;

    private SkiffTestCluster cluster;
    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        System.setProperty(
                "rocketmq.client.localOffsetStoreDir",
                dir.resolve("client-offsets").toString());
        cluster = SkiffTestCluster.start(dir);
        producer = OfficialClients.producer(cluster, "pg-consume");
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Records which consumer got each message key. */
    private DefaultMQPushConsumer startConsumer(
            String group,
            String topic,
            String expression,
            MessageModel model,
            int index,
            Map<String, List<Integer>> seen)
            throws Exception {
        DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, group);
        consumer.setMessageModel(model);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, expression);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) {
                seen.computeIfAbsent(m.getKeys(), k -> new CopyOnWriteArrayList<>())
                        .add(index);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    @Test
    void clusteringSplitsQueuesAndDeliversEachMessageToExactlyOneConsumer() throws Exception {
        String topic = "ClusterTopic";
        createTopic(cluster, topic, QUEUES);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        List<DefaultMQPushConsumer> group = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            group.add(startConsumer("cg-cluster", topic, "*", MessageModel.CLUSTERING, i, seen));
        }
        await(
                "the broker to list 3 members",
                15_000,
                () -> cluster.broker().consumers().consumerIds("cg-cluster").size() == 3);
        await("a settled rebalance: every queue owned once", 20_000, () -> {
            Set<MessageQueue> union = new HashSet<>();
            int total = 0;
            for (DefaultMQPushConsumer c : group) {
                Set<MessageQueue> owned = assigned(c, topic);
                total += owned.size();
                union.addAll(owned);
                if (owned.isEmpty()) {
                    return false;
                }
            }
            return union.size() == QUEUES && total == QUEUES;
        });

        List<String> keys = send(producer, topic, "TagA", "c", 300);

        await("all 300 messages", 30_000, () -> seen.keySet().containsAll(keys));
        Await.staysTrue(
                "300 messages, each received once",
                Duration.ofMillis(NO_DUPLICATE_WINDOW_MS),
                () -> seen.size() == 300 && seen.values().stream().allMatch(r -> r.size() == 1));
        assertThat(seen).hasSize(300);
        assertThat(seen.values()).allSatisfy(receivers -> assertThat(receivers).hasSize(1));
        Set<Integer> receivers = new HashSet<>();
        seen.values().forEach(receivers::addAll);
        assertThat(receivers).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void broadcastingDeliversEveryMessageToEveryConsumer() throws Exception {
        String topic = "BroadcastTopic";
        createTopic(cluster, topic, QUEUES);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer a = startConsumer("cg-broadcast", topic, "*", MessageModel.BROADCASTING, 0, seen);
        DefaultMQPushConsumer b = startConsumer("cg-broadcast", topic, "*", MessageModel.BROADCASTING, 1, seen);
        await(
                "both consumers own all queues",
                20_000,
                () -> assigned(a, topic).size() == QUEUES && assigned(b, topic).size() == QUEUES);

        List<String> keys = send(producer, topic, "TagA", "b", 100);

        await(
                "every message at both consumers",
                30_000,
                () -> keys.stream()
                        .allMatch(k -> seen.containsKey(k) && seen.get(k).size() >= 2));
        assertThat(seen).hasSize(100);
        assertThat(seen.values()).allSatisfy(r -> assertThat(r).containsExactlyInAnyOrder(0, 1));
        assertThat(cluster.broker()
                        .consumers()
                        .group("cg-broadcast")
                        .orElseThrow()
                        .isBroadcasting())
                .isTrue();
    }

    @Test
    void twoGroupsEachReceiveEverything() throws Exception {
        twoGroupsEachReceiveEverything("TwoGroupsTopic");
    }

    /** The same with sends and pulls served by their thread pools instead of the I/O threads. */
    @Test
    void twoGroupsEachReceiveEverythingOffTheIoThreads() throws Exception {
        producer.shutdown();
        cluster.close();
        Properties pools = new Properties();
        pools.setProperty("sendInline", "false");
        pools.setProperty("pullInline", "false");
        cluster = SkiffTestCluster.start(dir.resolve("pools"), pools);
        producer = OfficialClients.producer(cluster, "pg-consume-pools");
        twoGroupsEachReceiveEverything("TwoGroupsPoolsTopic");
    }

    private void twoGroupsEachReceiveEverything(String topic) throws Exception {
        createTopic(cluster, topic, QUEUES);
        Map<String, List<Integer>> first = new ConcurrentHashMap<>();
        Map<String, List<Integer>> second = new ConcurrentHashMap<>();
        startConsumer("cg-first", topic, "*", MessageModel.CLUSTERING, 0, first);
        startConsumer("cg-second", topic, "*", MessageModel.CLUSTERING, 0, second);

        List<String> keys = send(producer, topic, "TagA", "g", 100);

        await(
                "both groups get everything",
                30_000,
                () -> first.keySet().containsAll(keys) && second.keySet().containsAll(keys));
        assertThat(first).hasSize(100);
        assertThat(second).hasSize(100);
        assertThat(cluster.broker().consumers().groupsSubscribing(topic)).containsExactly("cg-first", "cg-second");
    }

    @Test
    void tagExpressionDeliversOnlyTheNamedTags() throws Exception {
        String topic = "TagTopic";
        createTopic(cluster, topic, QUEUES);
        List<String> wanted = new ArrayList<>();
        wanted.addAll(send(producer, topic, "TagA", "a", 30));
        List<String> unwanted = send(producer, topic, "TagC", "x", 30);
        wanted.addAll(send(producer, topic, "TagB", "b", 30));
        unwanted.addAll(send(producer, topic, null, "none", 10));
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, String> tags = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-tags");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "TagA || TagB");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) {
                seen.computeIfAbsent(m.getKeys(), k -> new CopyOnWriteArrayList<>())
                        .add(0);
                tags.put(m.getKeys(), String.valueOf(m.getTags()));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);

        await("the 60 tagged messages", 30_000, () -> seen.keySet().containsAll(wanted));
        Set<String> wantedOnly = Set.copyOf(wanted);
        Await.staysTrue(
                "only the 60 tagged messages received",
                Duration.ofMillis(NO_DUPLICATE_WINDOW_MS),
                () -> seen.keySet().equals(wantedOnly));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(tags.values()).allSatisfy(t -> assertThat(t).isIn("TagA", "TagB"));
        assertThat(cluster.broker().consumers().subscription("cg-tags", topic).tagsSet())
                .containsExactlyInAnyOrder("TagA", "TagB");
    }

    @Test
    void longPollingDeliversAMessageSentWhileTheConsumerIdlesAtOnce() throws Exception {
        String topic = "LongPollTopic";
        createTopic(cluster, topic, 1);
        AtomicLong receivedAtNs = new AtomicLong();
        DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-longpoll");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            receivedAtNs.compareAndSet(0, System.nanoTime());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        await(
                "the queue to be assigned",
                15_000,
                () -> assigned(consumer, topic).size() == 1);
        // The consumer's pull is parked in the broker, well inside the 15 s hold.
        await("the consumer's pull to be held", 10_000, () -> cluster.broker().heldPullCount(topic) == 1);

        long sentAtNs = System.nanoTime();
        send(producer, topic, "TagA", "lp", 1);
        await("the message", 10_000, () -> receivedAtNs.get() != 0);

        long latencyMs = (receivedAtNs.get() - sentAtNs) / 1_000_000;
        assertThat(latencyMs).isLessThan(3_000);
    }
}
