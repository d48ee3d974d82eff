package dev.skiff.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.bench.auth.AuthServers;
import dev.skiff.bench.auth.BenchAuth;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame load client against a real Skiff name server and broker with authentication on (the
 * keys {@code bench compare --auth} writes): its signed sends are stored as the official
 * producer's are (every message found by the official consumer with its body, tag, key, user
 * property and a unique message id); a wrong secret and unsigned sends are refused with the
 * broker's NO_PERMISSION; batches are refused before anything is sent.
 */
@Timeout(120)
class FrameLoadClientTest {
    private static final String PREFIX = "Bench";
    private static final int NO_PERMISSION = 16;

    @TempDir
    Path dir;

    private final BenchAuth auth = BenchAuth.forPrefix(PREFIX);
    private AuthServers servers;

    @BeforeEach
    void start() throws Exception {
        servers = AuthServers.start(auth, dir);
        auth.provision(servers.namesrvAddress(), servers.brokerAddress(), false);
    }

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void signedSendsAreStoredAsTheOfficialProducersAre() throws Exception {
        String topic = PREFIX + "-frames";
        int syncCount = 40;
        int asyncCount = 200;
        try (FrameLoadClient client = frames(auth::skiffUserHook);
                LoadProducer producer = client.producer(PREFIX + "-frames-producer", 5_000)) {
            for (int i = 0; i < syncCount; i++) {
                producer.sendSync(List.of(message(topic, i)));
            }
            CountDownLatch acked = new CountDownLatch(asyncCount);
            List<Throwable> failures = new ArrayList<>();
            for (int i = syncCount; i < syncCount + asyncCount; i++) {
                producer.sendAsync(List.of(message(topic, i)), failure -> {
                    if (failure != null) {
                        synchronized (failures) {
                            failures.add(failure);
                        }
                    }
                    acked.countDown();
                });
            }
            assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).isEmpty();
        }

        Map<Long, MessageExt> byStamp = new ConcurrentHashMap<>();
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(PREFIX + "-frames-reader", auth.userHook());
        consumer.setNamesrvAddr(servers.namesrvAddress());
        consumer.setInstanceName("frames-test-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        try {
            Await.until("every frame-sent message read back", Duration.ofSeconds(60), () -> {
                for (MessageExt m : consumer.poll(500)) {
                    byStamp.put(Long.parseLong(m.getUserProperty(BenchMessage.STAMP_PROPERTY)), m);
                }
                return byStamp.size() >= syncCount + asyncCount;
            });
        } finally {
            consumer.shutdown();
        }
        assertThat(byStamp).hasSize(syncCount + asyncCount);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (var e : byStamp.entrySet()) {
            MessageExt m = e.getValue();
            assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("body-" + e.getKey());
            assertThat(m.getTags()).isEqualTo("t");
            assertThat(m.getKeys()).isEqualTo("k" + e.getKey());
            assertThat(m.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
                    .isNotBlank();
            ids.add(m.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        }
        assertThat(ids).as("a fresh UNIQ_KEY per message").hasSize(syncCount + asyncCount);
    }

    @Test
    void aWrongSecretAndUnsignedSendsAreRefused() throws Exception {
        String topic = PREFIX + "-refused";
        try (FrameLoadClient wrong =
                        frames(() -> new SigningHook(new Credentials(auth.benchUser(), "not-the-secret")));
                LoadProducer producer = wrong.producer(PREFIX + "-wrong", 5_000)) {
            assertThatThrownBy(() -> producer.sendSync(List.of(message(topic, 1))))
                    .isInstanceOf(RemotingException.class)
                    .hasMessageContaining("code " + NO_PERMISSION);
        }
        try (FrameLoadClient unsigned = frames(null);
                LoadProducer producer = unsigned.producer(PREFIX + "-unsigned", 5_000)) {
            assertThatThrownBy(() -> producer.sendSync(List.of(message(topic, 2))))
                    .isInstanceOf(RemotingException.class)
                    .hasMessageContaining("code " + NO_PERMISSION);
        }
    }

    @Test
    void batchesAreRefusedBeforeAnythingIsSent() throws Exception {
        try (FrameLoadClient client = frames(auth::skiffUserHook);
                LoadProducer producer = client.producer(PREFIX + "-batch", 5_000)) {
            List<BenchMessage> two = List.of(message(PREFIX + "-b", 1), message(PREFIX + "-b", 2));
            assertThatThrownBy(() -> producer.sendSync(two)).isInstanceOf(UnsupportedOperationException.class);
            Throwable[] reported = {null};
            producer.sendAsync(two, failure -> reported[0] = failure);
            assertThat(reported[0]).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void thePropertiesAreTheOfficialProducersEncoding() {
        String text = FrameLoadClient.properties(new BenchMessage("T", new byte[1], "tag", "key", 42), "U1");
        Map<String, String> decoded = org.apache.rocketmq.common.message.MessageDecoder.string2messageProperties(text);
        assertThat(decoded)
                .containsEntry("TAGS", "tag")
                .containsEntry("KEYS", "key")
                .containsEntry(BenchMessage.STAMP_PROPERTY, "42")
                .containsEntry("UNIQ_KEY", "U1")
                .containsEntry("WAIT", "true")
                .hasSize(5);
        assertThat(org.apache.rocketmq.common.message.MessageDecoder.string2messageProperties(
                        FrameLoadClient.properties(new BenchMessage("T", new byte[1], null, null, -1), "U2")))
                .containsOnlyKeys("UNIQ_KEY", "WAIT");
    }

    private FrameLoadClient frames(java.util.function.Supplier<dev.skiff.remoting.RpcHook> signer) {
        return new FrameLoadClient(
                new OfficialLoadClient(servers.namesrvAddress(), false, auth.userHook(), auth.adminHook()),
                servers.brokerAddress(),
                "broker-a",
                signer);
    }

    private static BenchMessage message(String topic, long i) {
        return new BenchMessage(topic, ("body-" + i).getBytes(StandardCharsets.UTF_8), "t", "k" + i, i);
    }
}
