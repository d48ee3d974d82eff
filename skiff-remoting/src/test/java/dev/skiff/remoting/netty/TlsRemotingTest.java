package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.TlsSettings;
import dev.skiff.remoting.TlsSettings.ClientAuth;
import dev.skiff.remoting.TlsSettings.Mode;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.testing.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Skiff server and client over TLS on real loopback sockets, in each server mode. */
@Timeout(60)
class TlsRemotingTest {
    private static final int ECHO = 9101;

    @TempDir
    static Path certDir;

    private static TestCertificates serverCert;
    private static TestCertificates clientCert;
    private static TestCertificates strangerCert;

    private final ExecutorService pool = BoundedExecutors.fixed("tls-test", 2, 64);
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private NettyRemotingServer server;

    @BeforeAll
    static void certificates() throws Exception {
        serverCert = TestCertificates.create(certDir, "server");
        clientCert = TestCertificates.create(certDir, "client");
        strangerCert = TestCertificates.create(certDir, "stranger");
    }

    @AfterEach
    void tearDown() {
        clients.forEach(NettyRemotingClient::shutdown);
        if (server != null) {
            server.shutdown();
        }
        pool.shutdownNow();
    }

    private String start(TlsSettings tls) throws InterruptedException {
        server = new NettyRemotingServer(
                RemotingServerConfig.defaults(0).withBindHost("127.0.0.1").withTls(tls));
        SyncRequestProcessor echo =
                (channel, request) -> RemotingCommand.success().remark("echo");
        server.registerProcessor(ECHO, echo, pool);
        return "127.0.0.1:" + server.start().getPort();
    }

    private NettyRemotingClient client(TlsSettings tls) {
        NettyRemotingClient client = new NettyRemotingClient(
                RemotingClientConfig.defaults().withConnectTimeoutMs(3_000).withTls(tls));
        clients.add(client);
        return client;
    }

    private static RemotingCommand echo(NettyRemotingClient client, String address) throws Exception {
        return client.invokeSync(address, RemotingCommand.request(ECHO), 3_000);
    }

    private static TlsSettings serverTls(Mode mode) {
        return TlsSettings.server(mode, serverCert.certificate(), serverCert.privateKey());
    }

    @Test
    void enforcingServesTlsAndClosesPlainConnections() throws Exception {
        String address = start(serverTls(Mode.ENFORCING));

        assertThat(echo(client(TlsSettings.trustingClient()), address).remark()).isEqualTo("echo");
        assertThatThrownBy(() -> echo(client(TlsSettings.disabled()), address)).isInstanceOf(RemotingException.class);

        assertThat(server.tlsRefusals().plainRefusedCount()).isEqualTo(1);
        assertThat(server.tlsRefusals().tlsAcceptedCount()).isEqualTo(1);
    }

    @Test
    void aServerKeyEncryptedWithAPasswordServes() throws Exception {
        Path encrypted = serverCert.encryptedPrivateKey(certDir, "server-key-password");
        String address = start(
                serverTls(Mode.ENFORCING).withKeyPair(serverCert.certificate(), encrypted, "server-key-password"));

        assertThat(echo(client(TlsSettings.trustingClient()), address).remark()).isEqualTo("echo");
        server.shutdown(); // the next start replaces the field
        assertThatThrownBy(() -> start(
                        serverTls(Mode.ENFORCING).withKeyPair(serverCert.certificate(), encrypted, "wrong password")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot build the server TLS context");
    }

    @Test
    void permissiveServesPlainAndTlsOnOnePort() throws Exception {
        String address = start(serverTls(Mode.PERMISSIVE));

        assertThat(echo(client(TlsSettings.disabled()), address).remark()).isEqualTo("echo");
        assertThat(echo(client(TlsSettings.trustingClient()), address).remark()).isEqualTo("echo");

        assertThat(server.tlsRefusals().tlsAcceptedCount()).isEqualTo(1);
        assertThat(server.tlsRefusals().plainRefusedCount()).isZero();
    }

    @Test
    void disabledRefusesATlsHandshakeAndServesPlain() throws Exception {
        String address = start(TlsSettings.disabled());

        assertThatThrownBy(() -> echo(client(TlsSettings.trustingClient()), address))
                .isInstanceOf(RemotingException.class);
        assertThat(echo(client(TlsSettings.disabled()), address).remark()).isEqualTo("echo");

        assertThat(server.tlsRefusals().tlsRefusedCount()).isEqualTo(1);
        assertThat(server.malformedFrameCount()).isZero();
    }

    @Test
    void requiredClientCertificateIsChecked() throws Exception {
        String address = start(serverTls(Mode.ENFORCING).withClientAuth(ClientAuth.REQUIRE, clientCert.certificate()));

        TlsSettings withTrustedCert =
                TlsSettings.trustingClient().withKeyPair(clientCert.certificate(), clientCert.privateKey(), null);
        assertThat(echo(client(withTrustedCert), address).remark()).isEqualTo("echo");

        assertThatThrownBy(() -> echo(client(TlsSettings.trustingClient()), address))
                .as("no client certificate")
                .isInstanceOf(RemotingException.class);
        TlsSettings withStrangerCert =
                TlsSettings.trustingClient().withKeyPair(strangerCert.certificate(), strangerCert.privateKey(), null);
        assertThatThrownBy(() -> echo(client(withStrangerCert), address))
                .as("an untrusted client certificate")
                .isInstanceOf(RemotingException.class);
    }

    @Test
    void clientChecksTheServerCertificateWhenAskedTo() throws Exception {
        String address = start(serverTls(Mode.ENFORCING));

        TlsSettings trustsServer = TlsSettings.trustingClient().withVerifiedPeer(serverCert.certificate());
        assertThat(echo(client(trustsServer), address).remark()).isEqualTo("echo");

        TlsSettings trustsStranger = TlsSettings.trustingClient().withVerifiedPeer(strangerCert.certificate());
        assertThatThrownBy(() -> echo(client(trustsStranger), address)).isInstanceOf(RemotingException.class);
    }

    @Test
    void testModeServerGeneratesASelfSignedCertificate() throws Exception {
        TlsSettings testMode = new TlsSettings(Mode.ENFORCING, null, null, null, false, null, ClientAuth.NONE, true);
        String address = start(testMode);

        assertThat(echo(client(TlsSettings.trustingClient()), address).remark()).isEqualTo("echo");
        assertThat(server.tlsRefusals().tlsAcceptedCount()).isEqualTo(1);
    }

    @Test
    void aServerWithoutKeyMaterialOutsideTestModeDoesNotStart() {
        TlsSettings noKeys = new TlsSettings(Mode.ENFORCING, null, null, null, false, null, ClientAuth.NONE, false);
        server = new NettyRemotingServer(
                RemotingServerConfig.defaults(0).withBindHost("127.0.0.1").withTls(noKeys));
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a certificate chain and a private key");
    }
}
