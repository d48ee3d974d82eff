package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.MessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay levels end to end with the official producer; the broker's store is the witness. */
class DelayLevelTest {
    /** A negative window: a message delivered again after the restart would show within it. */
    private static final long NO_REDELIVERY_WINDOW_MS = 1_500;

    @TempDir
    Path dir;

    @Test
    void aLevelTwoMessageReachesItsTopicNoEarlierThanFiveSecondsAfterTheSend() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-delay");
            try {
                producer.send(new Message("DelayTopic", "warm-up".getBytes(StandardCharsets.UTF_8)));
                MessageQueue queue =
                        new MessageQueue("DelayTopic", cluster.broker().config().brokerName(), 1);
                Message delayed = new Message("DelayTopic", "TagD", "key-1", "late".getBytes(StandardCharsets.UTF_8));
                delayed.setDelayTimeLevel(2);
                MessageStore store = cluster.broker().store();
                assertThat(((dev.skiff.store.engine.DefaultMessageStore) store).awaitDispatched(5_000))
                        .isTrue();
                long before = store.maxOffsetInQueue("DelayTopic", 1);

                long sentAtMs = System.currentTimeMillis();
                SendResult result = producer.send(delayed, queue);
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(StoreProbe.await(5_000, () -> store.maxOffsetInQueue(SystemTopics.SCHEDULE_TOPIC, 1) == 1))
                        .isTrue();

                boolean arrived = StoreProbe.await(9_000, () -> store.maxOffsetInQueue("DelayTopic", 1) == before + 1);
                long arrivedAtMs = System.currentTimeMillis();
                assertThat(arrived).isTrue();
                assertThat(arrivedAtMs - sentAtMs).isGreaterThanOrEqualTo(5_000);

                StoredMessage parked =
                        StoreProbe.read(store, SystemTopics.SCHEDULE_TOPIC, 1).get(0);
                StoredMessage real = StoreProbe.read(store, "DelayTopic", 1).get((int) before);
                assertThat(real.storeTimestampMs() - parked.storeTimestampMs()).isGreaterThanOrEqualTo(5_000);
                assertThat(new String(real.body(), StandardCharsets.UTF_8)).isEqualTo("late");
                assertThat(real.propertiesMap())
                        .doesNotContainKey("DELAY")
                        .containsEntry("TAGS", "TagD")
                        .containsEntry("KEYS", "key-1")
                        .containsEntry("REAL_TOPIC", "DelayTopic")
                        .containsEntry("REAL_QID", "1")
                        .containsEntry("WAIT", "false");
                assertThat(real.bornTimestampMs()).isEqualTo(parked.bornTimestampMs());
                assertThat(real.property("UNIQ_KEY")).isEqualTo(result.getMsgId());
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void progressSurvivesARestartWithoutLosingOrRedelivering() throws Exception {
        Properties fast = new Properties();
        fast.setProperty("messageDelayLevel", "1s 3s");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fast)) {
            String broker = cluster.broker().config().brokerName();
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-delay-restart");
            try {
                producer.send(new Message("DelayRestart", "warm-up".getBytes(StandardCharsets.UTF_8)));
                // the send is acknowledged before the dispatcher indexes it; read the base after that
                assertThat(((dev.skiff.store.engine.DefaultMessageStore)
                                        cluster.broker().store())
                                .awaitDispatched(5_000))
                        .isTrue();
                MessageQueue queue = new MessageQueue("DelayRestart", broker, 0);
                long base = cluster.broker().store().maxOffsetInQueue("DelayRestart", 0);
                for (int i = 0; i < 5; i++) {
                    producer.send(delayed("early-" + i, 1), queue);
                }
                assertThat(StoreProbe.await(
                                8_000, () -> cluster.broker().store().maxOffsetInQueue("DelayRestart", 0) == base + 5))
                        .isTrue();
                producer.send(delayed("pending", 2), queue);

                cluster.restartBroker();
                Path progress = cluster.broker().config().configDir().resolve("delayOffset.json");
                assertThat(Files.readString(progress)).contains("1:5");

                MessageStore store = cluster.broker().store();
                assertThat(StoreProbe.await(8_000, () -> store.maxOffsetInQueue("DelayRestart", 0) == base + 6))
                        .as("the message pending at restart is delivered after it")
                        .isTrue();
                Await.staysTrue(
                        "no message stored again after the restart",
                        Duration.ofMillis(NO_REDELIVERY_WINDOW_MS),
                        () -> store.maxOffsetInQueue("DelayRestart", 0) == base + 6);
                List<StoredMessage> all = StoreProbe.read(store, "DelayRestart", 0);
                assertThat(all).hasSize((int) base + 6);
                assertThat(all.subList((int) base, all.size()))
                        .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                        .containsExactly("early-0", "early-1", "early-2", "early-3", "early-4", "pending");
            } finally {
                producer.shutdown();
            }
        }
    }

    private static Message delayed(String body, int level) {
        Message m = new Message("DelayRestart", body.getBytes(StandardCharsets.UTF_8));
        m.setDelayTimeLevel(level);
        return m;
    }
}
