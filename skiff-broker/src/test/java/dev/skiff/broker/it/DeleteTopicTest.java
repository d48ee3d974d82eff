package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.await;
import static dev.skiff.broker.it.ConsumeSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.MessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE_TOPIC_IN_BROKER through the official admin tool deletes the topic's consume queues: a
 * topic created again under the same name shows a new consumer group only what was sent after, and
 * a query by key or message id only the new messages.
 */
class DeleteTopicTest {
    private static final String TOPIC = "DeleteThenCreateAgain";
    private static final int QUEUES = 2;

    @TempDir
    Path dir;

    private SkiffTestCluster cluster;
    private DefaultMQAdminExt admin;
    private DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        cluster = SkiffTestCluster.start(dir);
        admin = OfficialClients.admin(cluster, 2000);
        producer = OfficialClients.producer(cluster, "pg-delete");
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void createTopic() throws Exception {
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig(TOPIC, QUEUES, QUEUES, 6));
        await("route of " + TOPIC, 10_000, () -> {
            try {
                return producer.fetchPublishMessageQueues(TOPIC).size() == QUEUES;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The dispatcher adds a record to its consume queue before its keys to the index: wait for both. */
    private static void awaitIndexed(MessageStore store) {
        assertThat(((dev.skiff.store.engine.DefaultMessageStore) store).awaitDispatched(10_000))
                .as("dispatched, index included")
                .isTrue();
    }

    private long storedMax(MessageStore store) {
        long sum = 0;
        for (int q = 0; q < QUEUES; q++) {
            sum += store.maxOffsetInQueue(TOPIC, q);
        }
        return sum;
    }

    @Test
    void aTopicCreatedAgainShowsANewGroupOnlyTheNewMessages() throws Exception {
        MessageStore store = cluster.broker().store();
        createTopic();
        send(producer, TOPIC, "TagA", "old", 10);
        await("the old messages dispatched", 10_000, () -> storedMax(store) == 10);
        long[] oldMax = new long[QUEUES];
        for (int q = 0; q < QUEUES; q++) {
            oldMax[q] = store.maxOffsetInQueue(TOPIC, q);
        }

        admin.deleteTopicInBroker(Set.of(cluster.brokerAddr()), TOPIC);

        assertThat(cluster.broker().topics().get(TOPIC)).isNull();
        for (int q = 0; q < QUEUES; q++) {
            assertThat(store.minOffsetInQueue(TOPIC, q)).isEqualTo(oldMax[q]);
            assertThat(store.maxOffsetInQueue(TOPIC, q)).isEqualTo(oldMax[q]);
        }
        assertThat(cluster.broker()
                        .config()
                        .storePathRootDir()
                        .resolve("consumequeue")
                        .resolve(TOPIC))
                .doesNotExist();

        createTopic();
        List<String> fresh = send(producer, TOPIC, "TagA", "new", 3);
        await("the new messages dispatched", 10_000, () -> storedMax(store) == 13);

        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("cg-after-delete");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("lite-delete-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollTimeoutMillis(200);
        consumer.subscribe(TOPIC, "*");
        consumer.start();
        try {
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (got.size() < fresh.size() && System.nanoTime() - deadline < 0) {
                got.addAll(consumer.poll());
            }
            // keep polling a little: nothing older may follow
            long settle = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() - settle < 0) {
                got.addAll(consumer.poll());
            }

            assertThat(got).extracting(MessageExt::getKeys).containsExactlyInAnyOrderElementsOf(fresh);
            for (MessageExt m : got) {
                assertThat(m.getQueueOffset()).isGreaterThanOrEqualTo(oldMax[m.getQueueId()]);
            }
        } finally {
            consumer.shutdown();
        }
    }

    private SendResult sendKeyed(String body) throws Exception {
        return producer.send(new Message(TOPIC, "TagA", "shared-key", body.getBytes(StandardCharsets.UTF_8)));
    }

    private QueryResult queryByKey(String key, long beginMs) throws Exception {
        return admin.queryMessage(TOPIC, key, 32, beginMs, System.currentTimeMillis() + 1000);
    }

    private QueryResult queryById(String msgId, long beginMs) throws Exception {
        return admin.queryMessageByUniqKey(null, TOPIC, msgId, 32, beginMs, System.currentTimeMillis() + 1000);
    }

    private static List<String> bodies(QueryResult r) {
        return r.getMessageList().stream()
                .map(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aQueryByKeyOrIdAfterTheTopicIsCreatedAgainFindsOnlyTheNewMessage() throws Exception {
        MessageStore store = cluster.broker().store();
        long begin = System.currentTimeMillis() - 1000;
        createTopic();
        SendResult old = sendKeyed("old");
        await("the old message dispatched", 10_000, () -> storedMax(store) == 1);
        awaitIndexed(store);
        assertThat(bodies(queryByKey("shared-key", begin))).containsExactly("old");

        admin.deleteTopicInBroker(Set.of(cluster.brokerAddr()), TOPIC);
        createTopic();
        SendResult fresh = sendKeyed("new");
        await("the new message dispatched", 10_000, () -> storedMax(store) == 2);
        awaitIndexed(store);

        assertThat(bodies(queryByKey("shared-key", begin))).containsExactly("new");
        assertThat(bodies(queryById(fresh.getMsgId(), begin))).containsExactly("new");
        assertThatThrownBy(() -> queryById(old.getMsgId(), begin))
                .as("the old message is not found by its id")
                .isInstanceOf(MQClientException.class);
    }
}
