package dev.skiff.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.it.SkiffTestCluster;
import dev.skiff.broker.metrics.RefusedRequests;
import dev.skiff.common.ManualClock;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.TlsSettings;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.SerializeType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before the broker is ready its port answers SYSTEM_BUSY; after it, codes nobody serves are
 * REQUEST_CODE_NOT_SUPPORTED; both counted as refused.
 */
class StartupGateTest {
    @TempDir
    Path dir;

    @Test
    void busyUntilOpenThenUnsupported() throws Exception {
        RefusedRequests refused = new RefusedRequests(new ManualClock(1_000));
        StartupGate gate = new StartupGate(refused);
        NettyRemotingServer server = new NettyRemotingServer(new RemotingServerConfig(
                "127.0.0.1",
                0,
                1,
                RemotingServerConfig.DEFAULT_FRAME_MAX_BYTES,
                RemotingServerConfig.DEFAULT_IDLE_TIMEOUT_MS,
                SerializeType.JSON,
                true,
                TlsSettings.disabled(),
                0,
                RemotingServerConfig.DEFAULT_FRAME_DEADLINE_MS));
        server.registerDefaultProcessor(gate, null);
        try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            InetSocketAddress bound = server.start();
            String addr = "127.0.0.1:" + bound.getPort();
            RemotingCommand busy = client.invokeSync(addr, RemotingCommand.request(10), 3_000);
            assertThat(busy.code()).isEqualTo(ResponseCode.SYSTEM_BUSY.code());
            assertThat(busy.remark()).isEqualTo(StartupGate.STARTING_REMARK);
            gate.open();
            RemotingCommand unsupported = client.invokeSync(addr, RemotingCommand.request(9_999), 3_000);
            assertThat(unsupported.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code());
            assertThat(refused.count(ResponseCode.SYSTEM_BUSY.code())).isEqualTo(1);
            assertThat(refused.count(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code()))
                    .isEqualTo(1);
        } finally {
            server.shutdown();
        }
    }

    @Test
    void aStartedBrokerServesAndCountsUnknownCodes() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir);
                NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            assertThat(cluster.broker().isServing()).isTrue();
            RemotingCommand answer = client.invokeSync(cluster.brokerAddr(), RemotingCommand.request(9_999), 3_000);
            assertThat(answer.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code());
            assertThat(cluster.broker().refusedRequests().count(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code()))
                    .isEqualTo(1);
        }
    }

    @Test
    void aBrokerNotStartedIsNotServing() {
        try (BrokerServer broker = new BrokerServer(
                dev.skiff.broker.config.BrokerConfig.defaults(), dev.skiff.common.SkiffClock.system())) {
            assertThat(broker.isServing()).isFalse();
        }
    }
}
