package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries seen by an official concurrent push consumer: its failures are sent back (36), come
 * back through the delay levels on the group's retry topic, and end in the dead-letter topic once
 * the consumer's limit is reached. Delay levels are all one second to keep it quick.
 */
class RetryConsumeTest {
    /** A negative window: a fourth attempt (1 s retry levels) would arrive within it. */
    private static final long NO_FOURTH_ATTEMPT_WINDOW_MS = 2_500;
    /** A negative window: an attempt after the message went to the dead-letter queue would arrive within it. */
    private static final long NO_ATTEMPT_AFTER_DLQ_WINDOW_MS = 2_000;

    private static final String ONE_SECOND_LEVELS = "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

    @TempDir
    Path dir;

    private static Properties fastLevels() {
        Properties p = new Properties();
        p.setProperty("messageDelayLevel", ONE_SECOND_LEVELS);
        return p;
    }

    @Test
    void aListenerFailingTwiceThenSucceedingSeesTheMessageThreeTimes() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastLevels())) {
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            List<String> topicsSeen = new CopyOnWriteArrayList<>();
            DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-retry-3");
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-retry-3");
            try {
                StoreProbe.ensureRouted(cluster, "RetryTopic", 4);
                StoreProbe.ensureRouted(cluster, SystemTopics.retryTopic("cg-retry-3"), 1);
                consumer.subscribe("RetryTopic", "*");
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                    MessageExt m = msgs.get(0);
                    if (!"k-retry".equals(m.getKeys())) {
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    }
                    attempts.add(m.getReconsumeTimes());
                    topicsSeen.add(m.getTopic());
                    return attempts.size() < 3
                            ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                            : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
                producer.send(new Message("RetryTopic", "T", "k-retry", "flaky".getBytes(StandardCharsets.UTF_8)));

                assertThat(StoreProbe.await(30_000, () -> attempts.size() >= 3)).isTrue();
                Await.staysTrue(
                        "no fourth attempt",
                        Duration.ofMillis(NO_FOURTH_ATTEMPT_WINDOW_MS),
                        () -> attempts.size() == 3);
                assertThat(attempts).containsExactly(0, 1, 2);
                assertThat(topicsSeen).containsOnly("RetryTopic");
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    @Test
    void anAlwaysFailingListenerPutsTheMessageInTheDeadLetterTopic() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastLevels())) {
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-dlq");
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-dlq");
            String dlq = SystemTopics.dlqTopic("cg-dlq");
            try {
                StoreProbe.ensureRouted(cluster, "DlqTopic", 4);
                StoreProbe.ensureRouted(cluster, SystemTopics.retryTopic("cg-dlq"), 1);
                consumer.subscribe("DlqTopic", "*");
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.setMaxReconsumeTimes(2);
                consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                    if ("k-dead".equals(msgs.get(0).getKeys())) {
                        attempts.add(msgs.get(0).getReconsumeTimes());
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
                producer.send(new Message("DlqTopic", "T", "k-dead", "poison".getBytes(StandardCharsets.UTF_8)));

                assertThat(StoreProbe.await(
                                30_000, () -> cluster.broker().store().maxOffsetInQueue(dlq, 0) == 1))
                        .isTrue();
                Await.staysTrue(
                        "no attempt and no second dead letter after the dead-letter queue",
                        Duration.ofMillis(NO_ATTEMPT_AFTER_DLQ_WINDOW_MS),
                        () -> attempts.size() == 3 && cluster.broker().store().maxOffsetInQueue(dlq, 0) == 1);
                assertThat(attempts).containsExactly(0, 1, 2);
                StoredMessage dead =
                        StoreProbe.read(cluster.broker().store(), dlq, 0).get(0);
                assertThat(new String(dead.body(), StandardCharsets.UTF_8)).isEqualTo("poison");
                assertThat(dead.reconsumeTimes()).isEqualTo(3);
                assertThat(dead.property("RETRY_TOPIC")).isEqualTo("DlqTopic");
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }
}
