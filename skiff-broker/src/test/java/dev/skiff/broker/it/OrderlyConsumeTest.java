package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordered consumption with queue locks: 8 keys × 1,000 messages, each key always to the same
 * queue, consumed by official orderly push consumers while a second consumer joins and the first
 * leaves. For every key, the first time each message is seen must follow the send order
 * (re-deliveries after a rebalance may repeat earlier messages, never skip ahead).
 */
class OrderlyConsumeTest {
    private static final int KEYS = 8;
    private static final int PER_KEY = 1_000;

    @TempDir
    Path dir;

    @Test
    void perKeyOrderHoldsWhileConsumersJoinAndLeave() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            StoreProbe.ensureRouted(cluster, "OrderTopic", 8);
            StoreProbe.ensureRouted(cluster, SystemTopics.retryTopic("cg-orderly"), 1);
            Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
            for (int k = 0; k < KEYS; k++) {
                seen.put(k, new ArrayList<>());
            }
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-orderly");
            AtomicInteger byFirst = new AtomicInteger();
            AtomicInteger bySecond = new AtomicInteger();
            DefaultMQPushConsumer first = orderlyConsumer(cluster, seen, byFirst);
            DefaultMQPushConsumer second = orderlyConsumer(cluster, seen, bySecond);
            boolean firstRunning = false;
            boolean secondRunning = false;
            try {
                first.start();
                firstRunning = true;
                MessageQueueSelector byKey = (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size());
                for (int seq = 0; seq < PER_KEY; seq++) {
                    for (int k = 0; k < KEYS; k++) {
                        Message m = new Message(
                                "OrderTopic", "T", k + ":" + seq, (k + ":" + seq).getBytes(StandardCharsets.UTF_8));
                        producer.send(m, byKey, k);
                    }
                    if (seq == 250) {
                        second.start();
                        secondRunning = true;
                    } else if (seq == 600) {
                        first.shutdown();
                        firstRunning = false;
                    }
                }
                assertThat(StoreProbe.await(60_000, () -> allSeen(seen))).isTrue();
                for (int k = 0; k < KEYS; k++) {
                    assertFirstSightingsInOrder(k, seen.get(k));
                }
                assertThat(byFirst.get())
                        .as("consumed by the consumer that left")
                        .isPositive();
                assertThat(bySecond.get())
                        .as("the consumer that joined takes over every queue")
                        .isGreaterThanOrEqualTo(KEYS * (PER_KEY - 600));
            } finally {
                if (firstRunning) {
                    first.shutdown();
                }
                if (secondRunning) {
                    second.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    private static DefaultMQPushConsumer orderlyConsumer(
            SkiffTestCluster cluster, Map<Integer, List<Integer>> seen, AtomicInteger consumed) throws Exception {
        DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, "cg-orderly");
        consumer.subscribe("OrderTopic", "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerOrderly) (msgs, context) -> {
            for (MessageExt m : msgs) {
                consumed.incrementAndGet();
                String[] parts = m.getKeys().split(":");
                List<Integer> list = seen.get(Integer.parseInt(parts[0]));
                synchronized (list) {
                    list.add(Integer.parseInt(parts[1]));
                }
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        return consumer;
    }

    private static boolean allSeen(Map<Integer, List<Integer>> seen) {
        for (List<Integer> list : seen.values()) {
            synchronized (list) {
                if (list.stream().distinct().count() < PER_KEY) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertFirstSightingsInOrder(int key, List<Integer> list) {
        synchronized (list) {
            int next = 0;
            for (int seq : list) {
                assertThat(seq).as("key %d saw %d before %d", key, seq, next).isLessThanOrEqualTo(next);
                if (seq == next) {
                    next++;
                }
            }
            assertThat(next).isEqualTo(PER_KEY);
        }
    }
}
