package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.awaitRoutePerm;
import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.retention.RetentionService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqadmin updateBrokerConfig} through the official admin API against a running broker: each
 * live key takes effect at once, for the official producer and consumer too, and a fixed key is
 * still refused. Every test puts back what it changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UpdateBrokerConfigTest {
    private static final int NO_PERMISSION = 16;
    private static final int MESSAGE_ILLEGAL = 13;
    private static final int TOPIC_NOT_EXIST = 17;
    private static final int INVALID_PARAMETER = 29;

    private SkiffTestCluster cluster;
    private DefaultMQAdminExt admin;
    private String addr;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = SkiffTestCluster.start(dir);
        addr = cluster.brokerAddr();
        admin = OfficialClients.admin(cluster, 2000);
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void readOnlyBrokerRefusesSendsLeavesRoutesWithoutWriteAndStillServesPulls() throws Exception {
        String topic = "LiveReadOnly";
        createTopic(cluster, topic, 2);
        DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-live-perm");
        producer.setPollNameServerInterval(600_000); // keeps its route: the broker itself must refuse
        List<Runnable> cleanup = new ArrayList<>(List.of(producer::shutdown));
        try {
            for (int i = 0; i < 4; i++) {
                assertThat(producer.send(message(topic, "before-" + i)).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);
            }

            update("brokerPermission", "4");

            assertThat(admin.getBrokerConfig(addr).getProperty("brokerPermission"))
                    .isEqualTo("4");
            awaitRoutePerm(admin, topic, perm -> perm == 4);
            assertThatThrownBy(() -> producer.send(message(topic, "refused")))
                    .isInstanceOfSatisfying(
                            MQClientException.class,
                            e -> assertThat(e.getResponseCode()).isEqualTo(NO_PERMISSION));
            DefaultMQProducer late = OfficialClients.producer(cluster, "pg-live-perm-late");
            cleanup.add(late::shutdown);
            assertThatThrownBy(() -> late.send(message(topic, "no-writable-queue")))
                    .as("a producer that reads the route finds no queue to write to")
                    .isInstanceOf(MQClientException.class)
                    .hasMessageContaining("No route info");

            DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("cg-live-perm");
            consumer.setNamesrvAddr(cluster.namesrvAddr());
            consumer.setInstanceName("lite-" + System.nanoTime());
            consumer.setPollTimeoutMillis(500);
            consumer.start();
            cleanup.add(consumer::shutdown);
            consumer.assign(consumer.fetchMessageQueues(topic));
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (got.size() < 4 && System.nanoTime() - deadline < 0) {
                got.addAll(consumer.poll());
            }
            assertThat(got)
                    .as("a read-only broker still serves pulls")
                    .extracting(MessageExt::getKeys)
                    .containsExactlyInAnyOrder("before-0", "before-1", "before-2", "before-3");

            update("brokerPermission", "6");

            awaitRoutePerm(admin, topic, perm -> perm == 6);
            assertThat(producer.send(message(topic, "after")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(late.send(message(topic, "after-late")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        } finally {
            update("brokerPermission", "6");
            cleanup.forEach(Runnable::run);
        }
    }

    @Test
    void maxMessageSizeIsCheckedPerSendAndMayRiseAboveTheStartValue() throws Exception {
        String topic = "LiveMaxSize";
        createTopic(cluster, topic, 1);
        DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-live-size");
        producer.setMaxMessageSize(16 << 20); // the client's own check must not hide the broker's
        try {
            update("maxMessageSize", "2048");
            assertThat(admin.getBrokerConfig(addr).getProperty("maxMessageSize"))
                    .isEqualTo("2048");
            assertThatThrownBy(() -> producer.send(new Message(topic, randomBytes(3000))))
                    .isInstanceOfSatisfying(
                            MQBrokerException.class,
                            e -> assertThat(e.getResponseCode()).isEqualTo(MESSAGE_ILLEGAL));
            assertThat(producer.send(new Message(topic, randomBytes(1000))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);

            update("maxMessageSize", Integer.toString(6 << 20));
            assertThat(producer.send(new Message(topic, randomBytes(5 << 20))).getSendStatus())
                    .as("a body over the 4 MiB the broker started with: the store takes it too")
                    .isEqualTo(SendStatus.SEND_OK);

            Properties tooLarge = properties("maxMessageSize", Integer.toString(9 << 20));
            assertThatThrownBy(() -> admin.updateBrokerConfig(addr, tooLarge))
                    .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                        assertThat(e.getResponseCode()).isEqualTo(INVALID_PARAMETER);
                        assertThat(e.getErrorMessage()).contains("largest body the store holds");
                    });
            assertThat(admin.getBrokerConfig(addr).getProperty("maxMessageSize"))
                    .isEqualTo(Integer.toString(6 << 20));
        } finally {
            update("maxMessageSize", Integer.toString(4 << 20));
            producer.shutdown();
        }
    }

    @Test
    void autoCreateTopicEnableOffRefusesUnknownTopicsAndClearsInheritOnTheTemplate() throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-live-auto");
        try {
            awaitRoutePerm(admin, "TBW102", perm -> perm == 7);
            update("autoCreateTopicEnable", "false");
            awaitRoutePerm(admin, "TBW102", perm -> perm == 6);
            assertThatThrownBy(() -> producer.send(message("LiveNeverCreated", "k")))
                    .isInstanceOfSatisfying(
                            MQClientException.class,
                            e -> assertThat(e.getResponseCode()).isEqualTo(TOPIC_NOT_EXIST));
            assertThat(cluster.broker().topics().contains("LiveNeverCreated")).isFalse();

            update("autoCreateTopicEnable", "true");
            awaitRoutePerm(admin, "TBW102", perm -> perm == 7);
            assertThat(producer.send(message("LiveAutoCreated", "k")).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            assertThat(cluster.broker().topics().contains("LiveAutoCreated")).isTrue();
        } finally {
            update("autoCreateTopicEnable", "true");
            producer.shutdown();
        }
    }

    @Test
    void retentionAndPollingKeysReachTheirComponents() throws Exception {
        DefaultMessageStore store = (DefaultMessageStore) cluster.broker().store();
        RetentionService.Schedule before = store.retentionSchedule();
        admin.updateBrokerConfig(
                addr,
                properties(
                        "fileReservedTime", "2",
                        "deleteWhen", "1",
                        "longPollingEnable", "false",
                        "shortPollingTimeMills", "300",
                        "autoCreateSubscriptionGroup", "false"));
        try {
            assertThat(store.retentionSchedule()).isEqualTo(new RetentionService.Schedule(2 * 3_600_000L, 1));
            Properties now = admin.getBrokerConfig(addr);
            assertThat(now.getProperty("fileReservedTime")).isEqualTo("2");
            assertThat(now.getProperty("deleteWhen")).isEqualTo("1");
            assertThat(now.getProperty("longPollingEnable")).isEqualTo("false");
            assertThat(now.getProperty("shortPollingTimeMills")).isEqualTo("300");
            assertThat(cluster.broker().groups().findOrCreate("cg-live-unknown"))
                    .as("no auto-creation of groups")
                    .isNull();
        } finally {
            admin.updateBrokerConfig(
                    addr,
                    properties(
                            "fileReservedTime", "72",
                            "deleteWhen", "4",
                            "longPollingEnable", "true",
                            "shortPollingTimeMills", "1000",
                            "autoCreateSubscriptionGroup", "true"));
        }
        assertThat(store.retentionSchedule()).isEqualTo(before);
        assertThat(cluster.broker().groups().findOrCreate("cg-live-unknown")).isNotNull();
    }

    @Test
    void fixedKeysAreStillRefusedAndNameTheLiveOnes() {
        Properties fixed = properties("listenPort", "10999", "brokerPermission", "4");
        assertThatThrownBy(() -> admin.updateBrokerConfig(addr, fixed))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(NO_PERMISSION);
                    assertThat(e.getErrorMessage())
                            .contains("[listenPort] cannot change while the broker runs")
                            .contains("brokerPermission")
                            .contains("maxMessageSize");
                });
        assertThat(cluster.broker().config().brokerPermission())
                .as("all or nothing")
                .isEqualTo(6);
    }

    private void update(String key, String value) throws Exception {
        admin.updateBrokerConfig(addr, properties(key, value));
    }

    /** Properties from key, value, key, value, ... */
    private static Properties properties(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    private static Message message(String topic, String key) {
        return new Message(topic, "TagA", key, ("body-" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
