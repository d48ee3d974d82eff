package dev.skiff.bench.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.bench.client.BenchMessage;
import dev.skiff.bench.client.LoadProducer;
import dev.skiff.bench.client.OfficialLoadClient;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of {@code bench compare --auth} against a real Skiff name server and broker started
 * with exactly the keys the benchmark writes: the bench user, created through the official admin
 * requests, sends to the benchmark's topics; it is a normal user, so a topic outside its policy is
 * refused; an unsigned client is refused.
 */
@Timeout(120)
class BenchAuthTest {
    private static final String PREFIX = "Bench";

    @TempDir
    Path dir;

    private final BenchAuth auth = BenchAuth.forPrefix(PREFIX);
    private AuthServers servers;

    @BeforeEach
    void start() throws Exception {
        servers = AuthServers.start(auth, dir);
    }

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void theBenchUserSendsAndOthersAreRefused() throws Exception {
        auth.provision(servers.namesrvAddress(), servers.brokerAddress(), false);

        try (OfficialLoadClient signed =
                        new OfficialLoadClient(servers.namesrvAddress(), false, auth.userHook(), auth.adminHook());
                LoadProducer producer = signed.producer("bench-auth-test", 5_000)) {
            sendWithRoute(producer, PREFIX + "-w1");
            // a normal user: a topic outside its policy is refused by the policy check
            assertThatThrownBy(() -> producer.sendSync(List.of(message("Other"))))
                    .hasRootCauseInstanceOf(MQBrokerException.class)
                    .satisfies(e -> assertThat(brokerCode(e)).isEqualTo(ResponseCode.NO_PERMISSION));
        }
        try (OfficialLoadClient unsigned = new OfficialLoadClient(servers.namesrvAddress());
                LoadProducer producer = unsigned.producer("bench-auth-unsigned", 5_000)) {
            assertThatThrownBy(() -> producer.sendSync(List.of(message(PREFIX + "-w1"))))
                    .satisfies(e -> assertThat(brokerCode(e)).isEqualTo(ResponseCode.NO_PERMISSION));
        }
    }

    @Test
    void keyedSigningIsAcceptedAsTheOfficialHooksAndAWrongSecretIsNot() throws Exception {
        auth.provision(servers.namesrvAddress(), servers.brokerAddress(), false);
        BenchAuth keyed = auth.withKeyedSigning();
        assertThat(keyed.keyedSigning()).isTrue();
        assertThat(keyed.userHook()).isInstanceOf(KeyedSigningHook.class);
        try (OfficialLoadClient signed =
                        new OfficialLoadClient(servers.namesrvAddress(), false, keyed.userHook(), keyed.adminHook());
                LoadProducer producer = signed.producer("bench-auth-keyed", 5_000)) {
            sendWithRoute(producer, PREFIX + "-keyed");
            for (int i = 0; i < 20; i++) { // the per-thread Mac is reused: every later signature must verify too
                producer.sendSync(List.of(message(PREFIX + "-keyed")));
            }
        }
        try (OfficialLoadClient wrong = new OfficialLoadClient(
                        servers.namesrvAddress(),
                        false,
                        new KeyedSigningHook(auth.benchUser(), "not-the-secret"),
                        null);
                LoadProducer producer = wrong.producer("bench-auth-wrong", 5_000)) {
            assertThatThrownBy(() -> producer.sendSync(List.of(message(PREFIX + "-keyed"))))
                    .satisfies(e -> assertThat(brokerCode(e)).isEqualTo(ResponseCode.NO_PERMISSION));
        }
    }

    @Test
    void provisioningTwiceKeepsTheUser() throws Exception {
        String brokerAddr = servers.brokerAddress();
        auth.provision(servers.namesrvAddress(), brokerAddr, false);
        auth.provision(servers.namesrvAddress(), brokerAddr, false);
        try (OfficialLoadClient signed =
                        new OfficialLoadClient(servers.namesrvAddress(), false, auth.userHook(), auth.adminHook());
                LoadProducer producer = signed.producer("bench-auth-twice", 5_000)) {
            sendWithRoute(producer, PREFIX + "-again");
        }
    }

    @Test
    void aPrefixWithAWildcardIsRefused() {
        assertThatThrownBy(() -> BenchAuth.forPrefix("Bench*")).isInstanceOf(IllegalArgumentException.class);
        assertThat(auth.brokerProperties(true))
                .containsKeys("authenticationMetadataProvider", "authorizationMetadataProvider")
                .containsEntry("authenticationEnabled", "true")
                .containsEntry("authorizationEnabled", "true");
        assertThat(auth.brokerProperties(false)).doesNotContainKey("authenticationMetadataProvider");
    }

    /** The first send waits (bounded) for the broker's signed registration to give the name server a route. */
    private static void sendWithRoute(LoadProducer producer, String topic) throws Exception {
        // a send failing in the client is "no route yet"; a broker's refusal ends the wait
        MQClientException[] refused = {null};
        Await.answer(
                "a send to " + topic + " answered by the broker",
                Duration.ofSeconds(30),
                () -> {
                    try {
                        producer.sendSync(List.of(message(topic)));
                        return true;
                    } catch (MQClientException e) {
                        if (!(e.getCause() instanceof MQBrokerException)) {
                            throw e;
                        }
                        refused[0] = e;
                        return true;
                    }
                },
                answered -> answered);
        if (refused[0] != null) {
            throw refused[0];
        }
    }

    private static BenchMessage message(String topic) {
        return new BenchMessage(topic, "hello".getBytes(StandardCharsets.UTF_8), "t", "k", -1);
    }

    private static int brokerCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException b) {
                return b.getResponseCode();
            }
        }
        return -1;
    }
}
