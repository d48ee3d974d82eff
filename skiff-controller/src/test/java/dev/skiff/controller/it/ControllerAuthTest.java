package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.common.SkiffClock;
import dev.skiff.controller.ControllerMain;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerSecurity;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.controller.BrokerIdRequestHeader;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller peer with auth configured (the inner credentials) checks every request it receives
 * as a broker does: unsigned and wrongly signed requests are refused with NO_PERMISSION (16) and
 * a remark saying why, requests signed with the inner credentials are served, and the reads an
 * operator tool makes stay open, as route reads on a name server.
 */
@Timeout(120)
class ControllerAuthTest {
    private static final Credentials INNER = new Credentials("skiff-inner", "inner-secret-1");
    private static final int NO_PERMISSION = ResponseCode.NO_PERMISSION.code();

    @TempDir
    Path dir;

    private ControllerServer server;
    private NettyRemotingClient unsigned;
    private NettyRemotingClient inner;
    private NettyRemotingClient wrong;

    @BeforeEach
    void setUp() throws Exception {
        ControllerConfig config = ControllerConfig.of(
                "n0",
                "127.0.0.1",
                0,
                Map.of("n0", "127.0.0.1:" + ControllerCluster.freePort()),
                new File(dir.toFile(), "n0"));
        server = new ControllerServer(
                config, SkiffClock.system(), new ControllerSecurity(TlsOptions.disabled(), false, INNER));
        server.start();
        ControllerServer s = server;
        ControllerCluster.await(Duration.ofSeconds(60), "the peer to lead", s::isLeader);
        unsigned = client(null);
        inner = client(INNER);
        wrong = client(new Credentials(INNER.accessKey(), "not-the-secret"));
    }

    private static NettyRemotingClient client(Credentials credentials) {
        NettyRemotingClient client =
                new NettyRemotingClient(RemotingClientConfig.defaults().withConnectTimeoutMs(5_000));
        if (credentials != null) {
            client.addRpcHook(new SigningHook(credentials));
        }
        return client;
    }

    @AfterEach
    void tearDown() {
        for (NettyRemotingClient client : new NettyRemotingClient[] {unsigned, inner, wrong}) {
            if (client != null) {
                client.shutdown();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private RemotingCommand nextId(NettyRemotingClient client) throws Exception {
        return client.invokeSync(
                server.address(),
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID, BrokerIdRequestHeader.nextId("c", "group-a")),
                15_000);
    }

    @Test
    void unsignedAndWronglySignedBrokerRequestsAreRefused() throws Exception {
        RemotingCommand refused = nextId(unsigned);
        assertThat(refused.code()).isEqualTo(NO_PERMISSION);
        assertThat(refused.remark()).contains("authentication required");

        RemotingCommand badSignature = nextId(wrong);
        assertThat(badSignature.code()).isEqualTo(NO_PERMISSION);
        assertThat(badSignature.remark()).contains("authentication failed");

        RemotingCommand heartbeat = unsigned.invokeSync(
                server.address(), RemotingCommand.request(ControllerCodes.BROKER_HEARTBEAT), 15_000);
        assertThat(heartbeat.code()).isEqualTo(NO_PERMISSION);
        RemotingCommand elect = unsigned.invokeSync(
                server.address(), RemotingCommand.request(ControllerCodes.CONTROLLER_ELECT_MASTER), 15_000);
        assertThat(elect.code()).isEqualTo(NO_PERMISSION);
        assertThat(server.state().groups()).isEmpty(); // nothing reached the state machine
    }

    @Test
    void requestsSignedWithTheInnerCredentialsAreServed() throws Exception {
        RemotingCommand answer = nextId(inner);
        assertThat(answer.code()).as(answer.remark()).isZero();
        assertThat(BrokerIdRequestHeader.decode(answer.fields()).nextBrokerId()).isNotNull();
    }

    @Test
    void theOperatorReadsStayOpen() throws Exception {
        RemotingCommand metadata = unsigned.invokeSync(
                server.address(), RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO), 15_000);
        assertThat(metadata.code()).as(metadata.remark()).isZero();
    }

    @Test
    void anAuthFileTurnsTheChecksOnUnlessItSaysOtherwise() throws Exception {
        Path file = dir.resolve("auth.properties");
        Files.writeString(
                file,
                "innerClientAuthenticationCredentials={\"accessKey\":\"ak\",\"secretKey\":\"sk\"}\n"
                        + "initAuthenticationUser={\"username\":\"ops\",\"password\":\"ops-secret\"}\n");
        ControllerSecurity on = ControllerMain.security(new String[] {"--auth-config", file.toString()});
        assertThat(on.noticeCredentials().accessKey()).isEqualTo("ak");
        assertThat(on.requestChecks().authenticationEnabled()).isTrue();
        assertThat(on.requestChecks().authorizationEnabled()).isTrue();
        assertThat(on.requestChecks().initialUser().username()).isEqualTo("ops");

        Files.writeString(
                file,
                "innerClientAuthenticationCredentials={\"accessKey\":\"ak\",\"secretKey\":\"sk\"}\n"
                        + "authenticationEnabled=false\nauthorizationEnabled=false\n");
        ControllerSecurity off = ControllerMain.security(new String[] {"--auth-config", file.toString()});
        assertThat(off.noticeCredentials()).isNotNull();
        assertThat(off.requestChecks().anyEnabled()).isFalse();
        assertThat(ControllerMain.security(new String[0]).requestChecks()).isNull();
    }
}
