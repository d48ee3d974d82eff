package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.SkiffClock;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.TlsSettings;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A controller peer whose remoting port enforces TLS (test mode: a generated certificate). */
@Timeout(120)
class ControllerTlsTest {
    @TempDir
    Path dir;

    @Test
    void anEnforcingControllerAnswersTlsClientsAndClosesPlainOnes() throws Exception {
        Properties tls = new Properties();
        tls.setProperty("tls.server.mode", "enforcing");
        ControllerConfig config = ControllerConfig.of(
                "n0",
                "127.0.0.1",
                0,
                Map.of("n0", "127.0.0.1:" + ControllerCluster.freePort()),
                new File(dir.toFile(), "n0"));
        NettyRemotingClient tlsClient = new NettyRemotingClient(
                RemotingClientConfig.defaults().withConnectTimeoutMs(5_000).withTls(TlsSettings.trustingClient()));
        NettyRemotingClient plainClient =
                new NettyRemotingClient(RemotingClientConfig.defaults().withConnectTimeoutMs(5_000));
        try (ControllerServer server =
                new ControllerServer(config, SkiffClock.system(), TlsOptions.fromProperties(tls))) {
            server.start();
            String address = server.address();

            RemotingCommand answer = tlsClient.invokeSync(
                    address, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO), 15_000);
            assertThat(answer.isResponse()).isTrue();
            assertThat(answer.code()).isZero();

            assertThatThrownBy(() -> plainClient.invokeSync(
                            address, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO), 5_000))
                    .isInstanceOf(RemotingException.class);
        } finally {
            tlsClient.shutdown();
            plainClient.shutdown();
        }
    }
}
