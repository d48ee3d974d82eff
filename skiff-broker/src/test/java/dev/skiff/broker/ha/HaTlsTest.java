package dev.skiff.broker.ha;

import static dev.skiff.broker.ha.HaTestNodes.SEGMENT;
import static dev.skiff.broker.ha.HaTestNodes.assertSameLog;
import static dev.skiff.broker.ha.HaTestNodes.awaitOffset;
import static dev.skiff.broker.ha.HaTestNodes.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.engine.DefaultMessageStore;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The HA port with mutual TLS ({@code haTlsEnable}) and the slave allow-list, over real loopback
 * sockets and real stores. Certificates are generated per test (self-signed, so each is its own
 * trust anchor): the master and the slave trust a "group" file holding both of theirs; an intruder
 * has a certificate nobody trusts.
 */
@Timeout(60)
class HaTlsTest {
    @TempDir
    Path dir;

    /** Certificates take seconds to generate here: made once for the class. */
    @TempDir
    static Path certs;

    private HaTestNodes nodes;
    private final ListAppender<ILoggingEvent> gateLog = new ListAppender<>();
    private final Logger gateLogger = (Logger) LoggerFactory.getLogger(HaGate.class);
    private static Path masterCert;
    private static Path masterKey;
    private static Path slaveCert;
    private static Path slaveKey;
    private static Path intruderCert;
    private static Path intruderKey;
    private static Path groupTrust;

    @BeforeAll
    static void certificates() throws Exception {
        masterCert = certificate("master");
        masterKey = certs.resolve("master.key");
        slaveCert = certificate("slave");
        slaveKey = certs.resolve("slave.key");
        intruderCert = certificate("intruder");
        intruderKey = certs.resolve("intruder.key");
        groupTrust = certs.resolve("group-trust.pem");
        Files.write(groupTrust, Files.readAllBytes(masterCert));
        Files.write(groupTrust, Files.readAllBytes(slaveCert), StandardOpenOption.APPEND);
    }

    @BeforeEach
    void captureGateLog() {
        nodes = new HaTestNodes(dir);
        gateLog.start();
        gateLogger.addAppender(gateLog);
    }

    @AfterEach
    void closeAll() throws Exception {
        gateLogger.detachAppender(gateLog);
        nodes.close();
    }

    @SuppressWarnings("deprecation") // Netty's generator: fine for test certificates
    private static Path certificate(String name) throws Exception {
        SelfSignedCertificate generated = new SelfSignedCertificate(name, "EC", 256);
        try {
            Path cert = certs.resolve(name + ".crt");
            Files.copy(generated.certificate().toPath(), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    generated.privateKey().toPath(), certs.resolve(name + ".key"), StandardCopyOption.REPLACE_EXISTING);
            return cert;
        } finally {
            generated.delete();
        }
    }

    /** The mutual-TLS keys of a broker presenting {@code cert}/{@code key} and trusting {@code trust}. */
    private static Properties tls(Properties p, Path cert, Path key, Path trust) {
        p.setProperty("haTlsEnable", "true");
        p.setProperty("tls.server.certPath", cert.toString());
        p.setProperty("tls.server.keyPath", key.toString());
        p.setProperty("tls.server.trustCertPath", trust.toString());
        p.setProperty("tls.client.certPath", cert.toString());
        p.setProperty("tls.client.keyPath", key.toString());
        p.setProperty("tls.client.trustCertPath", trust.toString());
        return p;
    }

    private Replication start(Properties p, DefaultMessageStore store) throws IOException {
        return nodes.start(BrokerConfig.fromProperties(p), store);
    }

    private Replication tlsMaster(DefaultMessageStore store, String... kv) throws IOException {
        return start(tls(props(kv), masterCert, masterKey, groupTrust), store);
    }

    private static Properties slaveProps(Replication master) {
        return props("brokerRole", "SLAVE", "brokerId", "1", "haMasterAddress", master.haServerAddr());
    }

    private static MessageToStore msg(int i, int bodyBytes) {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) ('a' + i % 26));
        return HaTestNodes.message(i, body);
    }

    @Test
    void aSlaveOverMutualTlsCopiesTheLogByteForByte() throws Exception {
        DefaultMessageStore m = nodes.store("m", SEGMENT);
        DefaultMessageStore s = nodes.store("s", SEGMENT);
        Replication master = tlsMaster(m, "brokerRole", "SYNC_MASTER", "haSlaveAllowList", "127.0.0.0/8, ::1");
        Replication slave = start(tls(slaveProps(master), slaveCert, slaveKey, groupTrust), s);
        awaitTrue(() -> master.inSyncSlaves() == 1 ? 1 : 0, 1, 20_000);
        for (int i = 0; i < 3_000; i++) {
            m.putMessage(msg(i, 100 + i % 700)).join();
        }
        long end = m.commitLogMaxOffset();
        assertThat(end).isGreaterThan(2L * SEGMENT);
        assertThat(awaitOffset(s.replicaLog(), end, 30_000)).isTrue();
        assertSameLog(dir.resolve("m/commitlog"), dir.resolve("s/commitlog"), end);
        assertThat(slave.isFollowing()).isTrue();
        HaGate gate = master.gate();
        assertThat(gate.plainRefusedCount() + gate.handshakeFailedCount() + gate.addressRefusedCount())
                .isZero();
    }

    @Test
    void aPlainSlaveIsRefusedByATlsMasterAndTheLogSaysWhyOncePerInterval() throws Exception {
        DefaultMessageStore m = nodes.store("m", SEGMENT);
        DefaultMessageStore s = nodes.store("s", SEGMENT);
        Replication master = tlsMaster(m, "brokerRole", "ASYNC_MASTER");
        m.putMessage(msg(0, 500)).join();
        start(slaveProps(master), s);
        // the slave retries after 200, 400, 800 ms: three refusals well within one log interval
        awaitTrue(() -> master.gate().plainRefusedCount(), 3, 20_000);
        assertThat(s.commitLogMaxOffset()).isZero();
        assertThat(master.status()).isEmpty();
        List<String> lines = messages();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("plain replication connection").contains("requires TLS");
    }

    @Test
    void aSlaveWithAnUntrustedCertificateIsRefused() throws Exception {
        DefaultMessageStore m = nodes.store("m", SEGMENT);
        DefaultMessageStore s = nodes.store("s", SEGMENT);
        Replication master = tlsMaster(m, "brokerRole", "ASYNC_MASTER");
        m.putMessage(msg(0, 500)).join();
        // the intruder trusts the master (it would happily follow) but the master does not trust it
        start(tls(slaveProps(master), intruderCert, intruderKey, groupTrust), s);
        awaitTrue(() -> master.gate().handshakeFailedCount(), 1, 20_000);
        assertThat(s.commitLogMaxOffset()).isZero();
        assertThat(master.status()).isEmpty();
        assertThat(messages()).first().asString().contains("TLS handshake failed");
    }

    @Test
    void aSlaveDoesNotFollowAMasterWithAnUntrustedCertificate() throws Exception {
        DefaultMessageStore m = nodes.store("m", SEGMENT);
        DefaultMessageStore s = nodes.store("s", SEGMENT);
        // a rogue master: trusts everyone's certificate, but its own is not in the slave's trust file
        Replication rogue = start(tls(props("brokerRole", "ASYNC_MASTER"), intruderCert, intruderKey, groupTrust), m);
        m.putMessage(msg(0, 500)).join();
        Path slaveTrust = dir.resolve("slave-trust.pem");
        Files.copy(masterCert, slaveTrust);
        start(tls(slaveProps(rogue), slaveCert, slaveKey, slaveTrust), s);
        awaitTrue(() -> rogue.gate().handshakeFailedCount(), 1, 20_000);
        assertThat(s.commitLogMaxOffset()).isZero();
    }

    @Test
    void aSlaveOutsideTheAllowListIsRefusedWithoutTls() throws Exception {
        DefaultMessageStore m = nodes.store("m", SEGMENT);
        DefaultMessageStore s = nodes.store("s", SEGMENT);
        Replication master = start(props("brokerRole", "ASYNC_MASTER", "haSlaveAllowList", "10.0.0.0/8"), m);
        m.putMessage(msg(0, 500)).join();
        start(slaveProps(master), s);
        awaitTrue(() -> master.gate().addressRefusedCount(), 1, 20_000);
        assertThat(s.commitLogMaxOffset()).isZero();
        assertThat(messages()).first().asString().contains("not in haSlaveAllowList");
    }

    @Test
    void badKeysFailTheStartNamingTheKey() {
        DefaultMessageStore m = nodes.store("m", SEGMENT);
        Properties missing = tls(props("brokerRole", "ASYNC_MASTER"), masterCert, masterKey, groupTrust);
        missing.remove("tls.server.trustCertPath");
        assertThatThrownBy(() -> start(missing, m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.trustCertPath");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(props("haSlaveAllowList", "10.0.0.0/99")))
                .hasMessageContaining("haSlaveAllowList");
    }

    /**
     * The cost of TLS on the HA stream: a fresh slave copies the same log plain and over mutual TLS
     * (printed; run with {@code -Dskiff.ha.tls.bench=true}, and {@code -Dskiff.ha.tls.benchMiB}).
     */
    @Test
    @EnabledIfSystemProperty(named = "skiff.ha.tls.bench", matches = "true")
    @Timeout(300)
    void throughputPlainAgainstTls() throws Exception {
        int mib = Integer.getInteger("skiff.ha.tls.benchMiB", 256);
        int segment = 1 << 30;
        DefaultMessageStore m = nodes.store("m", segment);
        for (int i = 0; m.commitLogMaxOffset() < (long) mib << 20; i++) {
            m.putMessage(msg(i, 1024)).join();
        }
        long end = m.commitLogMaxOffset();
        Replication plain = start(props("brokerRole", "ASYNC_MASTER"), m);
        Replication secure = start(tls(props("brokerRole", "ASYNC_MASTER"), masterCert, masterKey, groupTrust), m);
        for (int round = 0; round < 2; round++) {
            for (boolean withTls : new boolean[] {false, true}) {
                DefaultMessageStore s = nodes.store("s-" + round + "-" + withTls, segment);
                Properties p = slaveProps(withTls ? secure : plain);
                long t0 = System.nanoTime();
                Replication slave = start(withTls ? tls(p, slaveCert, slaveKey, groupTrust) : p, s);
                assertThat(awaitOffset(s.replicaLog(), end, 240_000)).isTrue();
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "HA copy of %d MiB, %s: %.2f s, %.0f MiB/s%n",
                        end >> 20, withTls ? "mutual TLS" : "plain", seconds, (end >> 20) / seconds);
                slave.close();
            }
        }
    }

    private List<String> messages() {
        return gateLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void awaitTrue(LongSupplier value, long atLeast, long timeoutMs) throws InterruptedException {
        // counters of another thread's refusals: nothing to wait on from outside
        Await.holdsWithin(Duration.ofMillis(timeoutMs), () -> value.getAsLong() >= atLeast);
        assertThat(value.getAsLong()).isGreaterThanOrEqualTo(atLeast);
    }
}
