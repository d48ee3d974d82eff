package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.await;
import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.body.CMResult;
import org.apache.rocketmq.remoting.protocol.body.ConsumeMessageDirectlyResult;
import org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker passes the official admin's requests for one consumer on to that consumer over its
 * connection and relays the answer: running info (what {@code mqadmin consumerStatus} prints) and
 * consuming a stored message directly ({@code mqadmin queryMsgById -g -d}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerRunningInfoTest {
    private static final String TOPIC = "RunningInfoTopic";
    private static final String GROUP = "cg-running-info";

    private SkiffTestCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private DefaultMQAdminExt admin;
    private final List<String> consumedKeys = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = SkiffTestCluster.start(dir);
        createTopic(cluster, TOPIC, 2);
        producer = OfficialClients.producer(cluster, "pg-running-info");
        consumer = OfficialClients.pushConsumer(cluster, GROUP);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> consumedKeys.add(m.getKeys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        admin = OfficialClients.admin(cluster, 2000);
    }

    @AfterAll
    void stop() {
        for (Runnable r : new Runnable[] {
            () -> admin.shutdown(), () -> consumer.shutdown(), () -> producer.shutdown(), () -> cluster.close()
        }) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // a part that failed to start
            }
        }
    }

    @Test
    void runningInfoComesFromTheConsumerItself() throws Exception {
        SendResult sent = producer.send(new Message(TOPIC, "TagA", "ri-1", "x".getBytes(StandardCharsets.UTF_8)));
        await("consumed", 15_000, () -> consumedKeys.contains("ri-1"));

        ConsumerRunningInfo info = admin.getConsumerRunningInfo(GROUP, consumer.buildMQClientId(), false);
        assertThat(info.getSubscriptionSet())
                .anySatisfy(s -> assertThat(s.getTopic()).isEqualTo(TOPIC));
        assertThat(info.getMqTable().keySet()).contains(sent.getMessageQueue());
        assertThat(info.getProperties()).containsKey(ConsumerRunningInfo.PROP_CONSUME_TYPE);

        assertThatThrownBy(() -> admin.getConsumerRunningInfo(GROUP, "10.9.9.9@nobody", false))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(1);
                    assertThat(e.getErrorMessage()).contains("10.9.9.9@nobody", "not connected");
                });
    }

    @Test
    void aStoredMessageIsConsumedDirectlyByTheNamedClient() throws Exception {
        SendResult sent = producer.send(new Message(TOPIC, "TagA", "direct-1", "d".getBytes(StandardCharsets.UTF_8)));
        await("consumed once", 15_000, () -> consumedKeys.contains("direct-1"));

        ConsumeMessageDirectlyResult result =
                admin.consumeMessageDirectly(GROUP, consumer.buildMQClientId(), TOPIC, sent.getOffsetMsgId());
        assertThat(result.getConsumeResult()).isEqualTo(CMResult.CR_SUCCESS);
        assertThat(consumedKeys.stream().filter("direct-1"::equals)).hasSize(2);

        MessageExt viewed = admin.viewMessage(TOPIC, sent.getOffsetMsgId());
        assertThat(viewed.getKeys()).isEqualTo("direct-1");
    }
}
