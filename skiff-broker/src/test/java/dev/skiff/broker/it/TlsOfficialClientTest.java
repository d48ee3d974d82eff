package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 client with {@code setUseTLS(true)} (per client instance, so no JVM-wide TLS
 * switch is touched) against a Skiff name server and broker whose ports run {@code
 * tls.server.mode} enforcing or permissive, with certificates made at test time.
 */
@Timeout(180)
class TlsOfficialClientTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int CLIENT_API_TIMEOUT_MS = 15_000;

    @TempDir
    static Path certDir;

    @TempDir
    Path dir;

    private static TestCertificates serverCert;
    private static TestCertificates brokerClientCert;

    private NamesrvServer namesrv;
    private BrokerServer broker;
    private final List<DefaultMQProducer> producers = new ArrayList<>();
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        serverCert = TestCertificates.create(certDir, "skiff-server");
        brokerClientCert = TestCertificates.create(certDir, "skiff-broker-client");
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producers.forEach(DefaultMQProducer::shutdown);
        if (broker != null) {
            broker.close();
        }
        if (namesrv != null) {
            namesrv.close();
        }
    }

    private static Properties serverTls(String mode) {
        Properties p = new Properties();
        p.setProperty("tls.server.mode", mode);
        p.setProperty("tls.server.certPath", serverCert.certificate().toString());
        p.setProperty("tls.server.keyPath", serverCert.privateKey().toString());
        return p;
    }

    private void startNamesrv(Properties tls) throws Exception {
        namesrv = new NamesrvServer(
                NamesrvConfig.defaults()
                        .withListen("127.0.0.1", 0)
                        .withHomeDir(dir.resolve("namesrv"))
                        .with(tls),
                SkiffClock.system());
        namesrv.start();
    }

    private BrokerServer newBroker(Properties tls) {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "0");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("haListenPort", "0");
        p.setProperty("namesrvAddr", namesrv == null ? "127.0.0.1:1" : namesrv.address());
        p.setProperty("storePathRootDir", dir.resolve("broker").toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("brokerName", "skiff-tls-" + IDS.incrementAndGet());
        p.putAll(tls);
        return new BrokerServer(BrokerConfig.fromProperties(p), Set.of(), SkiffClock.system());
    }

    private void startBroker(Properties tls) throws Exception {
        broker = newBroker(tls);
        broker.start();
        await("broker registration", 30_000, () -> namesrv.registry().liveBrokerCount() == 1);
    }

    private DefaultMQProducer producer(boolean tls) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("pg-tls-" + IDS.incrementAndGet());
        producer.setNamesrvAddr(namesrv.address());
        producer.setInstanceName("tls-p" + IDS.get() + "-" + System.nanoTime());
        producer.setUseTLS(tls);
        producer.setSendMsgTimeout(15_000);
        // A first TLS handshake on a loaded two-core machine can outlast the 3 s default.
        producer.setMqClientApiTimeout(CLIENT_API_TIMEOUT_MS);
        producer.start();
        producers.add(producer);
        return producer;
    }

    private static void sendAll(DefaultMQProducer producer, String topic, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Message m = new Message(topic, "t", prefix + i, ("body " + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void enforcingServesTheOfficialProducerAndConsumerOverTlsAndRefusesPlainClients() throws Exception {
        startNamesrv(serverTls("enforcing"));
        Properties brokerTls = serverTls("enforcing");
        brokerTls.setProperty("tls.enable", "true"); // registration with the enforcing name server
        startBroker(brokerTls);

        sendAll(producer(true), "TlsTopic", "k", 20);

        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("cg-tls");
        consumer.setNamesrvAddr(namesrv.address());
        consumer.setInstanceName("tls-c-" + System.nanoTime());
        consumer.setUseTLS(true);
        consumer.setMqClientApiTimeout(CLIENT_API_TIMEOUT_MS);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollNameServerInterval(1_000);
        consumer.subscribe("TlsTopic", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) {
                received.add(m.getKeys());
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumers.add(consumer);
        consumer.start();
        await("20 messages over TLS", 60_000, () -> received.size() == 20);
        assertThat(received).contains("k0", "k19");

        DefaultMQProducer plain = producer(false);
        // The official mqadmin, as a separate process, with the official switch -Dtls.enable=true.
        MqadminCli mqadmin = MqadminCli.create(dir.resolve("mqadmin"), namesrv.address());
        MqadminCli.Result overTls = mqadmin.withJvmOptions("-Dtls.enable=true").runClean("clusterList");
        assertThat(overTls.stdout()).contains(broker.config().brokerName());
        MqadminCli.Result plainAdmin = mqadmin.run("clusterList");
        assertThat(plainAdmin.stdout() + plainAdmin.stderr())
                .doesNotContain(broker.config().brokerName());

        // The enforcing name server closes the plain connection before any route is read. The
        // official client reports that as a failed send whose own cause depends on timing: the
        // write fails outright, or the channel is closed while the request waits (a plain
        // RemotingException under it). Either way no route came back.
        assertThatThrownBy(() -> plain.send(new Message("TlsTopic", "plain".getBytes(StandardCharsets.UTF_8))))
                .hasCauseInstanceOf(RemotingSendRequestException.class)
                .hasRootCauseInstanceOf(RemotingException.class)
                .hasMessageContaining(namesrv.address());
    }

    @Test
    void permissiveServesPlainAndTlsClientsOnOnePort() throws Exception {
        startNamesrv(serverTls("permissive"));
        startBroker(serverTls("permissive")); // registers in plain: permissive accepts it

        sendAll(producer(true), "MixedTopic", "tls", 5);
        sendAll(producer(false), "MixedTopic", "plain", 5);
    }

    @Test
    void aBrokerPresentsItsClientCertificateToANameServerThatRequiresOne() throws Exception {
        Properties namesrvTls = serverTls("enforcing");
        namesrvTls.setProperty("tls.server.need.client.auth", "require");
        namesrvTls.setProperty("tls.server.authClient", "true");
        namesrvTls.setProperty(
                "tls.server.trustCertPath", brokerClientCert.certificate().toString());
        startNamesrv(namesrvTls);

        Properties brokerTls = new Properties();
        brokerTls.setProperty("tls.enable", "true");
        brokerTls.setProperty(
                "tls.client.certPath", brokerClientCert.certificate().toString());
        brokerTls.setProperty(
                "tls.client.keyPath", brokerClientCert.privateKey().toString());
        startBroker(brokerTls);

        assertThat(namesrv.registry().clusterInfo().brokerAddrTable()).hasSize(1);
    }

    @Test
    void aBadCertificatePathStopsTheStartWithAClearError() {
        Properties bad = serverTls("enforcing");
        bad.setProperty("tls.server.certPath", dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> startNamesrv(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.certPath")
                .hasMessageContaining("missing.pem");
        if (namesrv != null) {
            namesrv.close(); // constructed, refused to start
            namesrv = null;
        }
        assertThatThrownBy(() -> newBroker(bad).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.certPath")
                .hasMessageContaining("missing.pem");
    }
}
