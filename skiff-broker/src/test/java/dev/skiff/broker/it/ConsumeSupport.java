package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.body.TopicConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;

/** Helpers shared by the consume-path integration tests: topics, bounded waits, sends. */
final class ConsumeSupport {
    private ConsumeSupport() {}

    /** Creates a topic with {@code queues} read/write queues and waits until the name server routes it. */
    static void createTopic(SkiffTestCluster cluster, String topic, int queues) throws Exception {
        cluster.broker().topics().createOrUpdate(TopicConfig.of(topic, queues, queues, 6));
        DefaultMQProducer probe = OfficialClients.producer(cluster, "route-probe-" + System.nanoTime());
        try {
            await("route of " + topic, 10_000, () -> {
                try {
                    return probe.fetchPublishMessageQueues(topic).size() == queues;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            probe.shutdown();
        }
    }

    /** Polls {@code condition} every 20 ms until it holds, failing after {@code timeoutMs}. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Queues of {@code topic} the push consumer currently owns (through the client internals). */
    @SuppressWarnings("deprecation")
    static Set<MessageQueue> assigned(DefaultMQPushConsumer consumer, String topic) {
        Set<MessageQueue> owned = new HashSet<>();
        for (MessageQueue mq : consumer.getDefaultMQPushConsumerImpl()
                .getRebalanceImpl()
                .getProcessQueueTable()
                .keySet()) {
            if (mq.getTopic().equals(topic)) {
                owned.add(mq);
            }
        }
        return owned;
    }

    /** Sends {@code count} messages with keys {@code prefix-i} and the given tag; returns the keys. */
    static List<String> send(DefaultMQProducer producer, String topic, String tag, String prefix, int count)
            throws Exception {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            Message m = new Message(topic, tag, key, ("body " + key).getBytes(StandardCharsets.UTF_8));
            SendResult r = producer.send(m);
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            keys.add(key);
        }
        return keys;
    }
}
