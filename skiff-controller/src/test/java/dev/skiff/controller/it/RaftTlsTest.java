package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.SkiffClock;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerSecurity;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.testing.Await;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controller peers whose Raft port talks mutual TLS ({@code --raft-tls}): a 3-peer quorum elects a
 * leader and applies a write on every peer; a peer whose certificate its peers do not trust is
 * kept out (never applies an entry, never leads) while the other two go on. Certificates are
 * generated once per class (self-signed: each is its own trust anchor).
 */
@Timeout(180)
class RaftTlsTest {
    @TempDir
    static Path certs;

    @TempDir
    Path dir;

    private static Path trustAll;
    private final List<ControllerServer> servers = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        trustAll = certs.resolve("group.pem");
        for (String name : List.of("n0", "n1", "n2", "intruder")) {
            certificate(name);
            if (!name.equals("intruder")) {
                Files.write(
                        trustAll,
                        Files.readAllBytes(certs.resolve(name + ".crt")),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        }
    }

    @SuppressWarnings("deprecation") // Netty's generator: fine for test certificates
    private static void certificate(String name) throws Exception {
        SelfSignedCertificate generated = new SelfSignedCertificate(name, "EC", 256);
        try {
            Files.copy(
                    generated.certificate().toPath(),
                    certs.resolve(name + ".crt"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    generated.privateKey().toPath(), certs.resolve(name + ".key"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            generated.delete();
        }
    }

    @AfterEach
    void stopAll() {
        servers.forEach(ControllerServer::close);
    }

    private static TlsOptions tls(String certName) {
        Properties p = new Properties();
        p.setProperty("tls.server.certPath", certs.resolve(certName + ".crt").toString());
        p.setProperty("tls.server.keyPath", certs.resolve(certName + ".key").toString());
        p.setProperty("tls.server.trustCertPath", trustAll.toString());
        return TlsOptions.fromProperties(p);
    }

    private List<ControllerServer> start(String... certNames) throws Exception {
        Map<String, String> peers = new LinkedHashMap<>();
        for (int i = 0; i < certNames.length; i++) {
            peers.put("n" + i, "127.0.0.1:" + ControllerCluster.freePort());
        }
        for (int i = 0; i < certNames.length; i++) {
            ControllerConfig config =
                    ControllerConfig.of("n" + i, "127.0.0.1", 0, peers, new File(dir.toFile(), "n" + i));
            ControllerServer server = new ControllerServer(
                    config, SkiffClock.system(), new ControllerSecurity(tls(certNames[i]), true, null));
            servers.add(server);
            server.start();
        }
        return servers;
    }

    private static int awaitLeader(List<ControllerServer> peers) {
        int[] found = {-1};
        ControllerCluster.await(Duration.ofSeconds(60), "a leader over Raft TLS", () -> {
            for (int i = 0; i < peers.size(); i++) {
                ControllerServer s = peers.get(i);
                if (s.isLeader() && s.address().equals(s.state().peerAddress("n" + i))) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void threePeersOverMutualTlsElectALeaderAndApplyAWriteEverywhere() throws Exception {
        List<ControllerServer> peers = start("n0", "n1", "n2");
        int leader = awaitLeader(peers);
        String leaderAddress = peers.get(leader).address();
        // the leader's address announcement is a Raft write: every peer applies it
        ControllerCluster.await(
                Duration.ofSeconds(30),
                "the write applied on every peer",
                () -> peers.stream()
                        .allMatch(s -> leaderAddress.equals(s.state().peerAddress("n" + leader))));
    }

    @Test
    void aPeerWithAnUntrustedCertificateIsKeptOut() throws Exception {
        List<ControllerServer> peers = start("n0", "n1", "intruder");
        int leader = awaitLeader(peers);
        assertThat(leader).isNotEqualTo(2);
        String leaderAddress = peers.get(leader).address();
        ControllerCluster.await(
                Duration.ofSeconds(30),
                "the write applied on both trusted peers",
                () -> peers.subList(0, 2).stream()
                        .allMatch(s -> leaderAddress.equals(s.state().peerAddress("n" + leader))));
        // give the leader several heartbeats' time to reach the intruder: it never may
        Await.staysTrue(
                "the intruder holds no write of the leader and does not lead",
                Duration.ofSeconds(3),
                () -> peers.get(2).state().peerAddress("n" + leader) == null
                        && !peers.get(2).isLeader());
    }

    @Test
    void raftTlsWithoutCertificatesFailsTheStartNamingTheKey() {
        ControllerConfig config =
                ControllerConfig.of("n0", "127.0.0.1", 0, Map.of("n0", "127.0.0.1:1"), new File(dir.toFile(), "n0"));
        ControllerServer server = new ControllerServer(
                config, SkiffClock.system(), new ControllerSecurity(TlsOptions.disabled(), true, null));
        servers.add(server);
        assertThatThrownBy(server::start).hasMessageContaining("tls.server.certPath");
    }
}
