package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/** Helpers shared by the consume-path integration tests: topics, bounded waits, sends. */
final class ConsumeSupport {
    private static final long ROUTE_PERM_WAIT_MS = 5_000;

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

    /** Waits (bounded by {@code timeoutMs}) until {@code condition} holds, failing with {@code what}. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofMillis(timeoutMs), condition);
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

    /** Waits (bounded) until the name server's route of {@code topic} shows a perm that passes. */
    static void awaitRoutePerm(DefaultMQAdminExt admin, String topic, IntPredicate perm) throws Exception {
        List<Integer> seen = new ArrayList<>();
        boolean shown = Await.holdsWithin(Duration.ofMillis(ROUTE_PERM_WAIT_MS), () -> {
            List<QueueData> queues;
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                queues = route.getQueueDatas();
            } catch (MQClientException e) {
                queues = List.of(); // not routed (yet), e.g. a broker that has just started
            } catch (RemotingException | InterruptedException e) {
                throw new IllegalStateException("asking the name server for the route of " + topic, e);
            }
            if (queues.isEmpty()) {
                return false;
            }
            int now = queues.get(0).getPerm();
            if (!perm.test(now) && (seen.isEmpty() || seen.get(seen.size() - 1) != now)) {
                seen.add(now);
            }
            return perm.test(now);
        });
        if (!shown) {
            throw new AssertionError("the route of " + topic + " did not show the perm within " + ROUTE_PERM_WAIT_MS
                    + " ms; seen " + seen);
        }
    }
}
