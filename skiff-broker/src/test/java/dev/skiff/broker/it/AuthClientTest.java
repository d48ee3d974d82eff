package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2;
import org.apache.rocketmq.remoting.protocol.header.namesrv.UnRegisterBrokerRequestHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and authorization on, against the official 5.5.0 client, admin API and
 * {@code AclClientRPCHook}: what a normal user may do works, the rest is refused with
 * NO_PERMISSION (16), and so are unsigned, wrongly signed and tampered requests.
 */
class AuthClientTest {
    private static final String TOPIC = "orders";
    private static final String GROUP = "cg-alice";
    private static final String ALICE_SECRET = "alice-secret";

    @TempDir
    Path dir;

    private AuthCluster cluster;
    private DefaultMQAdminExt admin;
    private NettyRemotingClient raw;

    @BeforeEach
    void start() throws Exception {
        System.setProperty(
                "rocketmq.client.localOffsetStoreDir",
                dir.resolve("client-offsets").toString());
        cluster = new AuthCluster(dir);
        admin = cluster.admin(AuthCluster.ADMIN, AuthCluster.ADMIN_SECRET);
        admin.createUser(cluster.brokerAddr(), "alice", ALICE_SECRET, "Normal");
        admin.createAcl(
                cluster.brokerAddr(),
                "User:alice",
                List.of("Topic:" + TOPIC),
                List.of("Pub", "Sub"),
                List.of(),
                "Allow");
        admin.createAcl(
                cluster.brokerAddr(), "User:alice", List.of("Group:" + GROUP), List.of("Sub"), List.of(), "Allow");
        cluster.broker().topics().createOrUpdate(TopicConfig.of(TOPIC, 2, 2, 6));
        cluster.broker().topics().createOrUpdate(TopicConfig.of("billing", 2, 2, 6));
        // without the topics' own routes a producer falls back to the auto-creation template's
        // queues and may pick one the topic does not have (code 29): wait for the registration
        awaitRouted(TOPIC);
        awaitRouted("billing");
        raw = new NettyRemotingClient(new NettyClientConfig());
        raw.start();
    }

    @AfterEach
    void stop() {
        if (raw != null) {
            raw.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void awaitRouted(String topic) throws InterruptedException {
        // an exception is "no route yet"
        Await.answer(
                "the name server to route " + topic,
                Duration.ofSeconds(30),
                () -> admin.examineTopicRouteInfo(topic).getQueueDatas(),
                queues -> !queues.isEmpty());
    }

    private static Message message(String topic, String text) {
        return new Message(topic, "t", text.getBytes(StandardCharsets.UTF_8));
    }

    private SendResult sendWithRetry(DefaultMQProducer producer, Message message) throws Exception {
        // the route arrives with the broker's next registration, signed with the inner credentials;
        // until then a send fails in the client ("not yet"), while a broker's refusal ends the wait
        org.apache.rocketmq.client.exception.MQClientException[] refused = {null};
        SendResult result = Await.answer(
                "a send of " + message.getTopic() + " answered by the broker",
                Duration.ofSeconds(20),
                () -> {
                    try {
                        return producer.send(message);
                    } catch (org.apache.rocketmq.client.exception.MQClientException e) {
                        if (!(e.getCause() instanceof MQBrokerException)) {
                            throw e;
                        }
                        refused[0] = e;
                        return null;
                    }
                },
                r -> r != null || refused[0] != null);
        if (refused[0] != null) {
            throw refused[0];
        }
        return result;
    }

    @Test
    void allowedPublishAndSubscribeWork() throws Exception {
        DefaultMQProducer producer = cluster.producer("pg-alice", "alice", ALICE_SECRET);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(
                GROUP, AuthCluster.hook("alice", ALICE_SECRET), new AllocateMessageQueueAveragely());
        try {
            SendResult result = sendWithRetry(producer, message(TOPIC, "hello"));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

            CountDownLatch received = new CountDownLatch(1);
            consumer.setNamesrvAddr(cluster.namesrvAddr());
            consumer.setInstanceName("auth-c-" + System.nanoTime());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.setPollNameServerInterval(1_000);
            consumer.setHeartbeatBrokerInterval(1_000);
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                if (msgs.stream().anyMatch(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals("hello"))) {
                    received.countDown();
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            assertThat(received.await(30, TimeUnit.SECONDS))
                    .as("message consumed")
                    .isTrue();
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    void deniedPublishIsRefusedWithTheOfficialCode() throws Exception {
        DefaultMQProducer producer = cluster.producer("pg-alice", "alice", ALICE_SECRET);
        try {
            sendWithRetry(producer, message(TOPIC, "warm-up")); // routes known
            assertThatThrownBy(() -> sendWithRetry(producer, message("billing", "no")))
                    .cause()
                    .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                        assertThat(e.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
                        assertThat(e.getErrorMessage()).contains("User:alice", "Topic:billing");
                    });
        } finally {
            producer.shutdown();
        }
    }

    private RemotingCommand sendRequest(String topic, String body) {
        return sendRequest(sendHeader(topic), body);
    }

    private static RemotingCommand sendRequest(SendMessageRequestHeaderV2 header, String body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE_V2, header);
        request.setBody(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private static SendMessageRequestHeaderV2 sendHeader(String topic) {
        SendMessageRequestHeaderV2 header = new SendMessageRequestHeaderV2();
        header.setA("pg-alice");
        header.setB(topic);
        header.setC("TBW102");
        header.setD(4);
        header.setE(0);
        header.setF(0);
        header.setG(System.currentTimeMillis());
        header.setH(0);
        header.setJ(0);
        return header;
    }

    private RemotingCommand call(String addr, RemotingCommand request) throws Exception {
        return raw.invokeSync(addr, request, 10_000);
    }

    @Test
    void unsignedWronglySignedAndTamperedRequestsAreRefused() throws Exception {
        RemotingCommand unsigned = call(cluster.brokerAddr(), sendRequest(TOPIC, "a"));
        assertThat(unsigned.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);

        RemotingCommand wrong = sendRequest(TOPIC, "b");
        AuthCluster.hook("alice", "not-her-secret").doBeforeRequest(cluster.brokerAddr(), wrong);
        RemotingCommand wrongAnswer = call(cluster.brokerAddr(), wrong);
        assertThat(wrongAnswer.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);

        RemotingCommand unknown = sendRequest(TOPIC, "c");
        AuthCluster.hook("mallory", "whatever").doBeforeRequest(cluster.brokerAddr(), unknown);
        RemotingCommand unknownAnswer = call(cluster.brokerAddr(), unknown);
        assertThat(unknownAnswer.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(unknownAnswer.getRemark()).isEqualTo(wrongAnswer.getRemark()); // existence not revealed

        AclClientRPCHook alice = AuthCluster.hook("alice", ALICE_SECRET);
        RemotingCommand good = sendRequest(TOPIC, "original");
        alice.doBeforeRequest(cluster.brokerAddr(), good);
        assertThat(call(cluster.brokerAddr(), good).getCode()).isEqualTo(ResponseCode.SUCCESS);

        // the same signed request replayed with another body: the signature no longer matches
        RemotingCommand replay = sendRequest(TOPIC, "original");
        alice.doBeforeRequest(cluster.brokerAddr(), replay);
        replay.setBody("tampered".getBytes(StandardCharsets.UTF_8));
        assertThat(call(cluster.brokerAddr(), replay).getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        // ... or pointed at another topic
        SendMessageRequestHeaderV2 header = sendHeader(TOPIC);
        RemotingCommand retarget = sendRequest(header, "original");
        alice.doBeforeRequest(cluster.brokerAddr(), retarget);
        header.setB("billing"); // the header is written to the ext fields again when sent
        assertThat(call(cluster.brokerAddr(), retarget).getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
    }

    @Test
    void aNormalUserCannotUnregisterTheBrokerNorChangeConfig() throws Exception {
        AclClientRPCHook alice = AuthCluster.hook("alice", ALICE_SECRET);
        UnRegisterBrokerRequestHeader header = new UnRegisterBrokerRequestHeader();
        header.setBrokerName(cluster.broker().config().brokerName());
        header.setBrokerAddr(cluster.brokerAddr());
        header.setClusterName(cluster.broker().config().brokerClusterName());
        header.setBrokerId(0L);
        for (AclClientRPCHook signer : new AclClientRPCHook[] {null, alice}) {
            RemotingCommand unregister = RemotingCommand.createRequestCommand(RequestCode.UNREGISTER_BROKER, header);
            if (signer != null) {
                signer.doBeforeRequest(cluster.namesrvAddr(), unregister);
            }
            assertThat(call(cluster.namesrvAddr(), unregister).getCode()).isEqualTo(ResponseCode.NO_PERMISSION);

            RemotingCommand nsConfig = RemotingCommand.createRequestCommand(RequestCode.UPDATE_NAMESRV_CONFIG, null);
            nsConfig.setBody("enableTopicList=false".getBytes(StandardCharsets.UTF_8));
            if (signer != null) {
                signer.doBeforeRequest(cluster.namesrvAddr(), nsConfig);
            }
            assertThat(call(cluster.namesrvAddr(), nsConfig).getCode()).isEqualTo(ResponseCode.NO_PERMISSION);

            RemotingCommand brokerConfig = RemotingCommand.createRequestCommand(RequestCode.UPDATE_BROKER_CONFIG, null);
            brokerConfig.setBody("maxMessageSize=2048".getBytes(StandardCharsets.UTF_8));
            if (signer != null) {
                signer.doBeforeRequest(cluster.brokerAddr(), brokerConfig);
            }
            RemotingCommand answer = call(cluster.brokerAddr(), brokerConfig);
            assertThat(answer.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        }
        java.util.Properties before = admin.getBrokerConfig(cluster.brokerAddr());
        assertThat(before.getProperty("maxMessageSize")).isNotEqualTo("2048");
        assertThat(before.getProperty("innerClientAuthenticationCredentials")).isEqualTo("***"); // never the secret
        assertThat(cluster.namesrv().registry().liveBrokerCount()).isEqualTo(1);

        // the super user may
        RemotingCommand byAdmin = RemotingCommand.createRequestCommand(RequestCode.UPDATE_BROKER_CONFIG, null);
        byAdmin.setBody("maxMessageSize=2048".getBytes(StandardCharsets.UTF_8));
        AuthCluster.hook(AuthCluster.ADMIN, AuthCluster.ADMIN_SECRET).doBeforeRequest(cluster.brokerAddr(), byAdmin);
        assertThat(call(cluster.brokerAddr(), byAdmin).getCode()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(admin.getBrokerConfig(cluster.brokerAddr()).getProperty("maxMessageSize"))
                .isEqualTo("2048");
    }
}
