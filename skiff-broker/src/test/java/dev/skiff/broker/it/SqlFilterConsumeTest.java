package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.await;
import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL92 subscriptions of the official push consumer: its start-up check (CHECK_CLIENT_CONFIG)
 * passes a good expression and stops a bad one, and it receives exactly the messages whose
 * properties match, out of 10,000 with random properties (some missing, some not numbers).
 */
@Timeout(90)
class SqlFilterConsumeTest {
    private static final String ONE_SECOND_LEVELS = "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";
    private static final int MESSAGES = 10_000;

    @TempDir
    Path dir;

    @Test
    void pushConsumerWithBySqlReceivesExactlyTheMatchingMessages() throws Exception {
        System.setProperty(
                "rocketmq.client.localOffsetStoreDir",
                dir.resolve("client-offsets").toString());
        Properties fast = new Properties();
        fast.setProperty("messageDelayLevel", ONE_SECOND_LEVELS);
        long t0 = System.nanoTime();
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fast)) {
            String topic = "SqlTopic";
            createTopic(cluster, topic, 4);
            Set<String> expected = sendRandom(cluster, topic, new Random(5150L));
            assertThat(expected).hasSizeBetween(MESSAGES / 20, MESSAGES / 3);

            Set<String> received = ConcurrentHashMap.newKeySet();
            Set<String> unexpected = ConcurrentHashMap.newKeySet();
            Set<String> retried = ConcurrentHashMap.newKeySet();
            AtomicBoolean failedOnce = new AtomicBoolean();
            DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-sql");
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, MessageSelector.bySql("a > 5 AND b = 'x'"));
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    if (!expected.contains(m.getKeys())) {
                        unexpected.add(m.getKeys() + " a=" + m.getUserProperty("a") + " b=" + m.getUserProperty("b"));
                    }
                    if (m.getReconsumeTimes() > 0) {
                        retried.add(m.getKeys());
                    }
                }
                // One failure: the retry comes back through the group's retry topic, unfiltered.
                if (msgs.size() == 1 && failedOnce.compareAndSet(false, true)) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
                msgs.forEach(m -> received.add(m.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                await("every matching message", 30_000, () -> received.containsAll(expected) || !unexpected.isEmpty());
                assertThat(unexpected).isEmpty();
                assertThat(received).isEqualTo(expected);
                assertThat(retried).hasSize(1);
            } finally {
                consumer.shutdown();
            }
        }
    }

    @Test
    void aBadExpressionStopsTheConsumerFromStartingAndAGoodOneStarts() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            createTopic(cluster, "SqlCheck", 2);
            DefaultMQPushConsumer bad = consumer(cluster, "cg-bad", "a > 'x' AND");
            try {
                assertThatThrownBy(bad::start)
                        .isInstanceOf(MQClientException.class)
                        .satisfies(e -> assertThat(((MQClientException) e).getResponseCode())
                                .isEqualTo(23))
                        .hasMessageContaining("invalid SQL92 expression");
            } finally {
                bad.shutdown();
            }
            DefaultMQPushConsumer good = consumer(cluster, "cg-good", "a BETWEEN 1 AND 3 OR TAGS IN ('x')");
            try {
                good.start();
                await(
                        "the good group's heartbeat",
                        10_000,
                        () -> cluster.broker().consumers().subscription("cg-good", "SqlCheck") != null);
                assertThat(cluster.broker()
                                .consumers()
                                .subscription("cg-good", "SqlCheck")
                                .expressionType())
                        .isEqualTo("SQL92");
            } finally {
                good.shutdown();
            }
        }
    }

    @Test
    void withPropertyFiltersOffTheConsumerIsRefusedAsByTheOfficialBroker() throws Exception {
        Properties off = new Properties();
        off.setProperty("enablePropertyFilter", "false");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, off)) {
            createTopic(cluster, "SqlOff", 2);
            DefaultMQPushConsumer consumer = consumer(cluster, "cg-off", "a > 5");
            try {
                assertThatThrownBy(consumer::start)
                        .isInstanceOf(MQClientException.class)
                        .satisfies(e -> assertThat(((MQClientException) e).getResponseCode())
                                .isEqualTo(1))
                        .hasMessageContaining("enablePropertyFilter=false");
            } finally {
                consumer.shutdown();
            }
        }
    }

    /**
     * A Spring listener ({@code @RocketMQMessageListener(selectorType = SQL92, selectorExpression =
     * ...)}) ends up in {@code subscribe(topic, MessageSelector.bySql(expression))} on the official
     * push consumer, which this test calls directly (the Spring starter is not among the build's
     * dependencies). Text after a complete expression is ignored as the official broker ignores it,
     * so an expression that starts there starts here; one the official broker refuses is refused.
     */
    @Test
    void springStyleSelectorsWithTrailingTextAreServedAsTheOfficialBrokerServesThem() throws Exception {
        System.setProperty(
                "rocketmq.client.localOffsetStoreDir",
                dir.resolve("client-offsets").toString());
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            createTopic(cluster, "SqlSpring", 2);
            createTopic(cluster, "SqlCheck", 2);
            Set<String> expected = new HashSet<>();
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-sql-spring");
            try {
                for (int i = 0; i < 100; i++) {
                    Message m = new Message("SqlSpring", "t", "k" + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
                    m.putUserProperty("a", Integer.toString(i % 10));
                    m.putUserProperty("b", i % 3 == 0 ? "x" : "y");
                    producer.send(m);
                    if (i % 10 > 5) {
                        expected.add("k" + i);
                    }
                }
            } finally {
                producer.shutdown();
            }
            // as the official broker reads it: "a > 5", the rest never read
            String withTrailingText = "a > 5 b = 'x' -- orders listener\n";
            Set<String> received = ConcurrentHashMap.newKeySet();
            Set<String> unexpected = ConcurrentHashMap.newKeySet();
            DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-sql-spring");
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe("SqlSpring", MessageSelector.bySql(withTrailingText));
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    (expected.contains(m.getKeys()) ? received : unexpected).add(m.getKeys());
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                await("every a > 5 message", 30_000, () -> received.containsAll(expected) || !unexpected.isEmpty());
                assertThat(unexpected).isEmpty();
                assertThat(received).hasSize(40).isEqualTo(expected);
            } finally {
                consumer.shutdown();
            }

            DefaultMQPushConsumer semicolon = consumer(cluster, "cg-semicolon", "a > 5;");
            try {
                assertThatThrownBy(semicolon::start)
                        .isInstanceOf(MQClientException.class)
                        .satisfies(e -> assertThat(((MQClientException) e).getResponseCode())
                                .isEqualTo(23));
            } finally {
                semicolon.shutdown();
            }
        }
    }

    private static DefaultMQPushConsumer consumer(SkiffTestCluster cluster, String group, String sql)
            throws MQClientException {
        DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, group);
        consumer.subscribe(group.equals("cg-off") ? "SqlOff" : "SqlCheck", MessageSelector.bySql(sql));
        consumer.registerMessageListener(
                (MessageListenerConcurrently) (msgs, context) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        return consumer;
    }

    /** Sends {@link #MESSAGES} in batches; returns the keys that {@code a > 5 AND b = 'x'} matches. */
    private static Set<String> sendRandom(SkiffTestCluster cluster, String topic, Random random) throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-sql");
        Set<String> expected = new HashSet<>();
        try {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String key = "k" + i;
                Message m =
                        new Message(topic, "T" + random.nextInt(3), key, ("m" + i).getBytes(StandardCharsets.UTF_8));
                String a = switch (random.nextInt(8)) {
                    case 0 -> null;
                    case 1 -> "abc";
                    case 2 -> "6.5";
                    default -> Integer.toString(random.nextInt(11));
                };
                String b = switch (random.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> "y";
                    default -> "x";
                };
                if (a != null) {
                    m.putUserProperty("a", a);
                }
                if (b != null) {
                    m.putUserProperty("b", b);
                }
                if (matches(a, b)) {
                    expected.add(key);
                }
                batch.add(m);
                if (batch.size() == 100) {
                    assertThat(producer.send(batch).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                    batch.clear();
                }
            }
        } finally {
            producer.shutdown();
        }
        return expected;
    }

    /**
     * The expected result, written out: a missing or non-integer {@code a} (compared with the
     * integer 5) never matches.
     */
    private static boolean matches(String a, String b) {
        if (a == null || b == null || !b.equals("x")) {
            return false;
        }
        try {
            return Integer.parseInt(a) > 5;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
