package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import dev.skiff.store.MessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONSUMER_SEND_MSG_BACK (36) and client-sent retries, as raw requests against a broker whose
 * delay levels are all one second; the official producer stores the originals.
 */
class SendBackTest {
    private static final String ONE_SECOND_LEVELS = "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

    @TempDir
    Path dir;

    private static Properties fastLevels() {
        Properties p = new Properties();
        p.setProperty("messageDelayLevel", ONE_SECOND_LEVELS);
        return p;
    }

    @Test
    void sendBackSchedulesARetryThenTheLimitMovesItToTheDeadLetters() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastLevels());
                NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            String group = "cg-sendback";
            String retry = SystemTopics.retryTopic(group);
            String dlq = SystemTopics.dlqTopic(group);
            MessageStore store = cluster.broker().store();
            SendResult sent = sendOriginal(cluster, "SendBackTopic");
            long offset = OffsetMessageId.decode(sent.getOffsetMsgId()).physicalOffset();

            RemotingCommand r = sendBack(raw, cluster, offset, group, 0, 3);
            assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(cluster.broker().topics().get(retry).readQueueNums()).isEqualTo(1);
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(SystemTopics.SCHEDULE_TOPIC, 2) == 1))
                    .as("first retry at level 3 + 0")
                    .isTrue();
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(retry, 0) == 1))
                    .isTrue();

            StoredMessage retried = StoreProbe.read(store, retry, 0).get(0);
            assertThat(retried.reconsumeTimes()).isEqualTo(1);
            assertThat(new String(retried.body(), StandardCharsets.UTF_8)).isEqualTo("payload");
            assertThat(retried.flag()).isEqualTo(3);
            assertThat(retried.propertiesMap())
                    .containsEntry("RETRY_TOPIC", "SendBackTopic")
                    .containsEntry("ORIGIN_MESSAGE_ID", sent.getOffsetMsgId())
                    .containsEntry("TAGS", "TagR")
                    .containsEntry("KEYS", "order-7")
                    .containsEntry("REAL_TOPIC", retry)
                    .containsEntry("UNIQ_KEY", sent.getMsgId())
                    .doesNotContainKey("DELAY");

            // the retried copy fails again; the consumer allows one reconsume: dead letter
            RemotingCommand again = sendBack(raw, cluster, retried.physicalOffset(), group, 0, 1);
            assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(dlq, 0) == 1))
                    .isTrue();
            TopicConfig dlqTopic = cluster.broker().topics().get(dlq);
            assertThat(dlqTopic.readQueueNums()).isEqualTo(1);
            assertThat(dlqTopic.perm()).isEqualTo(TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);
            StoredMessage dead = StoreProbe.read(store, dlq, 0).get(0);
            assertThat(dead.reconsumeTimes()).isEqualTo(2);
            assertThat(dead.propertiesMap())
                    .containsEntry("ORIGIN_MESSAGE_ID", sent.getOffsetMsgId())
                    .containsEntry("RETRY_TOPIC", "SendBackTopic")
                    .doesNotContainKey("DELAY");
            assertThat(store.maxOffsetInQueue(retry, 0)).isEqualTo(1);
        }
    }

    @Test
    void explicitLevelsNegativeLevelsAndTheGroupDefaultLimit() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastLevels());
                NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            MessageStore store = cluster.broker().store();
            long offset = OffsetMessageId.decode(
                            sendOriginal(cluster, "LevelsTopic").getOffsetMsgId())
                    .physicalOffset();

            assertThat(sendBack(raw, cluster, offset, "cg-level", 5, null).code())
                    .isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(SystemTopics.SCHEDULE_TOPIC, 4) == 1))
                    .isTrue();

            assertThat(sendBack(raw, cluster, offset, "cg-neg", -1, 16).code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(SystemTopics.dlqTopic("cg-neg"), 0) == 1))
                    .isTrue();

            cluster.broker()
                    .groups()
                    .createOrUpdate(
                            cluster.broker().groups().findOrCreate("cg-zero").withRetryMaxTimes(0));
            assertThat(sendBack(raw, cluster, offset, "cg-zero", 0, -1).code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(SystemTopics.dlqTopic("cg-zero"), 0) == 1))
                    .as("-1 means the group's retryMaxTimes, here 0")
                    .isTrue();
        }
    }

    @Test
    void refusals() throws Exception {
        Properties p = fastLevels();
        p.setProperty("autoCreateSubscriptionGroup", "false");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, p);
                NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            long offset = OffsetMessageId.decode(
                            sendOriginal(cluster, "RefuseTopic").getOffsetMsgId())
                    .physicalOffset();
            assertThat(sendBack(raw, cluster, offset, "cg-unknown", 0, 3).code())
                    .isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST.code());

            cluster.broker()
                    .groups()
                    .createOrUpdate(dev.skiff.remoting.protocol.body.SubscriptionGroupConfig.defaults("cg-known"));
            RemotingCommand noRecord = sendBack(raw, cluster, offset + 1_000_000, "cg-known", 0, 3);
            assertThat(noRecord.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
            assertThat(noRecord.remark()).contains("offset");

            RemotingCommand noGroup = raw.invokeSync(
                    cluster.brokerAddr(),
                    RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                            .putExtField("offset", "0")
                            .putExtField("delayLevel", "0"),
                    5_000);
            assertThat(noGroup.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            assertThat(noGroup.remark()).contains("group");
        }
    }

    @Test
    void clientSentRetriesOverTheLimitOrFromOrderedGroupsBecomeDeadLetters() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastLevels());
                NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            MessageStore store = cluster.broker().store();
            String group = "cg-fallback";
            String retry = SystemTopics.retryTopic(group);
            String dlq = SystemTopics.dlqTopic(group);

            assertThat(sendRetry(raw, cluster, retry, 4, 3).code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(dlq, 0) == 1))
                    .isTrue();
            assertThat(StoreProbe.read(store, dlq, 0).get(0).propertiesMap()).doesNotContainKey("DELAY");

            assertThat(sendRetry(raw, cluster, retry, 3, 3).code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(retry, 0) == 1))
                    .as("at the limit: an ordinary delayed retry")
                    .isTrue();
            assertThat(store.maxOffsetInQueue(dlq, 0)).isEqualTo(1);

            LockBatchRequestBody lock = new LockBatchRequestBody();
            lock.setConsumerGroup(group);
            lock.setClientId("orderly-client");
            lock.setMqSet(java.util.Set.of(
                    new MessageQueue("Ordered", cluster.broker().config().brokerName(), 0)));
            assertThat(raw.invokeSync(
                                    cluster.brokerAddr(),
                                    RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                                            .body(lock.encode()),
                                    5_000)
                            .code())
                    .isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(sendRetry(raw, cluster, retry, 0, 16).code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(dlq, 0) == 2))
                    .as("a group holding queue locks sends retries straight to the DLQ")
                    .isTrue();
        }
    }

    private static SendResult sendOriginal(SkiffTestCluster cluster, String topic) throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-" + topic);
        try {
            Message m = new Message(topic, "TagR", "order-7", "payload".getBytes(StandardCharsets.UTF_8));
            m.setFlag(3);
            return producer.send(m);
        } finally {
            producer.shutdown();
        }
    }

    private static RemotingCommand sendBack(
            NettyRemotingClient raw,
            SkiffTestCluster cluster,
            long offset,
            String group,
            int delayLevel,
            Integer maxReconsumeTimes)
            throws Exception {
        ConsumerSendMsgBackRequestHeader header = new ConsumerSendMsgBackRequestHeader(
                offset, group, delayLevel, null, null, false, maxReconsumeTimes, null);
        return raw.invokeSync(
                cluster.brokerAddr(), RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK, header), 5_000);
    }

    /** What the client does when its send-back fails: a normal send to the retry topic. */
    private static RemotingCommand sendRetry(
            NettyRemotingClient raw, SkiffTestCluster cluster, String retryTopic, int reconsumeTimes, int max)
            throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("RETRY_TOPIC", "Orig");
        props.put("RECONSUME_TIME", Integer.toString(reconsumeTimes));
        props.put("MAX_RECONSUME_TIMES", Integer.toString(max));
        props.put("DELAY", Integer.toString(3 + reconsumeTimes));
        props.put("WAIT", "true");
        SendMessageRequestHeader header = new SendMessageRequestHeader(
                "CLIENT_INNER_PRODUCER",
                retryTopic,
                SystemTopics.DEFAULT_TOPIC,
                4,
                0,
                0,
                System.currentTimeMillis(),
                0,
                MessageProperties.encode(props),
                reconsumeTimes,
                false,
                max,
                false,
                null);
        return raw.invokeSync(
                cluster.brokerAddr(),
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header.asV2())
                        .body("retry".getBytes(StandardCharsets.UTF_8)),
                5_000);
    }
}
