package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.GetResult;
import dev.skiff.store.GetStatus;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The send path against the official producer and raw requests: modes, batch, validation codes. */
class SendTest {
    @TempDir
    Path dir;

    @Test
    void officialProducerAutoCreatesTopicAndSends() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-send");
            try {
                SendResult result = producer.send(new Message("SendTopic", "TagA", bytes("hello")));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(result.getMessageQueue().getTopic()).isEqualTo("SendTopic");
                assertThat(cluster.broker().topics().get("SendTopic").writeQueueNums())
                        .isEqualTo(4);
                // the ack precedes dispatch into the consume queue; wait (bounded) for it
                assertThat(((DefaultMessageStore) cluster.broker().store()).awaitDispatched(5_000))
                        .isTrue();
                assertThat(cluster.broker()
                                .store()
                                .maxOffsetInQueue(
                                        "SendTopic", result.getMessageQueue().getQueueId()))
                        .isEqualTo(result.getQueueOffset() + 1);
                assertThat(result.getOffsetMsgId()).hasSize(32);
            } finally {
                producer.shutdown();
            }
        }
    }

    /** Both send paths: appended on the I/O thread (sendInline) and on the send threads. */
    @ParameterizedTest(name = "sendInline={0}")
    @ValueSource(booleans = {true, false})
    void syncAsyncOnewayAndBatchAllLandOnceInTheStore(boolean sendInline) throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("sendInline", Boolean.toString(sendInline));
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir.resolve("inline-" + sendInline), overrides)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-modes");
            try {
                MessageQueue q0 =
                        new MessageQueue("ModesTopic", cluster.broker().config().brokerName(), 0);
                producer.send(new Message("ModesTopic", bytes("warm-up")), q0); // creates the topic
                for (int i = 0; i < 20; i++) {
                    assertThat(producer.send(new Message("ModesTopic", "sync", bytes("s" + i)), q0)
                                    .getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                }
                CountDownLatch async = new CountDownLatch(20);
                AtomicInteger asyncFailures = new AtomicInteger();
                for (int i = 0; i < 20; i++) {
                    producer.send(new Message("ModesTopic", "async", bytes("a" + i)), q0, new SendCallback() {
                        @Override
                        public void onSuccess(SendResult sendResult) {
                            async.countDown();
                        }

                        @Override
                        public void onException(Throwable e) {
                            asyncFailures.incrementAndGet();
                            async.countDown();
                        }
                    });
                }
                assertThat(async.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(asyncFailures).hasValue(0);
                for (int i = 0; i < 20; i++) {
                    producer.sendOneway(new Message("ModesTopic", "oneway", bytes("o" + i)), q0);
                }
                List<Message> batch = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    Message m = new Message("ModesTopic", "batch", bytes("b" + i));
                    m.setKeys("key-" + i);
                    batch.add(m);
                }
                SendResult batchResult = producer.send(batch, q0);
                assertThat(batchResult.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(batchResult.getMsgId().split(",")).hasSize(32);

                long expected = 1 + 20 + 20 + 20 + 32;
                awaitMaxOffset(cluster, "ModesTopic", 0, expected);
                assertThat(bodiesOf(cluster, "ModesTopic", 0, (int) expected))
                        .hasSize((int) expected)
                        .doesNotHaveDuplicates()
                        .contains("s0", "s19", "a0", "a19", "o0", "o19", "b0", "b31");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void validationErrorsAnswerTheirCodesAndStoreNothing() throws Exception {
        Properties noAutoCreate = new Properties();
        noAutoCreate.setProperty("autoCreateTopicEnable", "false");
        noAutoCreate.setProperty("maxMessageSize", "65536");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, noAutoCreate);
                NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            cluster.broker().topics().ensure("Known", 4, 6, 0);
            cluster.broker().topics().ensure("ReadOnly", 4, 4, 0);
            long before = cluster.broker().store().commitLogMaxOffset();

            assertThat(send(client, cluster, "Unknown", 0, bytes("x")).code())
                    .isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
            assertThat(send(client, cluster, "bad topic!", 0, bytes("x")).code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            assertThat(send(client, cluster, "ReadOnly", 0, bytes("x")).code())
                    .isEqualTo(ResponseCode.NO_PERMISSION.code());
            assertThat(send(client, cluster, "SCHEDULE_TOPIC_XXXX", 0, bytes("x"))
                            .code())
                    .isEqualTo(ResponseCode.NO_PERMISSION.code());
            assertThat(send(client, cluster, "Known", 4, bytes("x")).code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            RemotingCommand tooBig = send(client, cluster, "Known", 0, new byte[65_537]);
            assertThat(tooBig.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(tooBig.remark()).contains("65537");
            RemotingCommand missingField = client.invokeSync(
                    cluster.brokerAddr(),
                    RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExtField("b", "Known"),
                    5_000);
            assertThat(missingField.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            RemotingCommand badBatch = client.invokeSync(
                    cluster.brokerAddr(),
                    request(RequestCode.SEND_BATCH_MESSAGE, "Known", 0, new byte[] {0, 0, 0, 99, 1, 2}),
                    5_000);
            assertThat(badBatch.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());

            assertThat(cluster.broker().store().commitLogMaxOffset()).isEqualTo(before);
            assertThat(send(client, cluster, "Known", 1, bytes("fine")).code()).isEqualTo(ResponseCode.SUCCESS.code());
        }
    }

    @Test
    void officialProducerSeesTopicNotExistWhenAutoCreateIsOff() throws Exception {
        Properties noAutoCreate = new Properties();
        noAutoCreate.setProperty("autoCreateTopicEnable", "false");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, noAutoCreate)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-noauto");
            try {
                Throwable thrown = null;
                try {
                    producer.send(new Message("NoSuchTopic", bytes("x")));
                } catch (MQClientException | MQBrokerException e) {
                    thrown = e;
                }
                assertThat(thrown).isNotNull();
                assertThat(cluster.broker().topics().get("NoSuchTopic")).isNull();
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void restartKeepsTopicsAndMessages() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-restart");
            try {
                MessageQueue q =
                        new MessageQueue("KeepTopic", cluster.broker().config().brokerName(), 2);
                producer.send(new Message("KeepTopic", bytes("warm-up")), q);
                for (int i = 0; i < 10; i++) {
                    producer.send(new Message("KeepTopic", bytes("m" + i)), q);
                }
            } finally {
                producer.shutdown();
            }
            cluster.restartBroker();
            assertThat(cluster.broker().topics().get("KeepTopic")).isNotNull();
            assertThat(cluster.broker().store().maxOffsetInQueue("KeepTopic", 2))
                    .isEqualTo(11);
            assertThat(bodiesOf(cluster, "KeepTopic", 2, 11)).contains("m0", "m9");
        }
    }

    private static RemotingCommand send(
            NettyRemotingClient client, SkiffTestCluster cluster, String topic, int queueId, byte[] body)
            throws Exception {
        return client.invokeSync(
                cluster.brokerAddr(), request(RequestCode.SEND_MESSAGE_V2, topic, queueId, body), 5_000);
    }

    private static RemotingCommand request(int code, String topic, int queueId, byte[] body) {
        SendMessageRequestHeader header = new SendMessageRequestHeader(
                "pg-raw",
                topic,
                "TBW102",
                4,
                queueId,
                0,
                System.currentTimeMillis(),
                0,
                "",
                0,
                false,
                null,
                null,
                null);
        return RemotingCommand.request(code, header.asV2()).body(body);
    }

    private static void awaitMaxOffset(SkiffTestCluster cluster, String topic, int queueId, long expected)
            throws InterruptedException {
        Await.holdsWithin(
                Duration.ofSeconds(10), () -> cluster.broker().store().maxOffsetInQueue(topic, queueId) >= expected);
        assertThat(cluster.broker().store().maxOffsetInQueue(topic, queueId)).isEqualTo(expected);
    }

    private static List<String> bodiesOf(SkiffTestCluster cluster, String topic, int queueId, int count) {
        List<String> bodies = new ArrayList<>();
        try (GetResult result =
                cluster.broker().store().getMessages(topic, queueId, 0, count, 64 << 20, MessageFilter.ALL)) {
            assertThat(result.status()).isEqualTo(GetStatus.FOUND);
            result.records().forEach(r -> bodies.add(bodyOf(r.buffer())));
        }
        return bodies;
    }

    private static String bodyOf(java.nio.ByteBuffer record) {
        dev.skiff.common.message.StoredMessage m =
                dev.skiff.common.message.StoredRecordDecoder.decode(record, record.position());
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
