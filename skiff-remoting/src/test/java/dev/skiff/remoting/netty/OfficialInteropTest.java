package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.channel.ChannelHandlerContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real sockets against the official 5.5.0 remoting client and server, in both header types. */
@Timeout(60)
class OfficialInteropTest {
    private static final int ECHO = 105;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        // The official server defaults to permissive TLS with a generated certificate; plain is enough here.
        System.setProperty("tls.server.mode", "disabled");
        pool = BoundedExecutors.fixed("interop", 2, 64);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    private static org.apache.rocketmq.remoting.protocol.SerializeType official(SerializeType type) {
        return org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialClientCallsSkiffServer(SerializeType type) throws Exception {
        NettyRemotingServer server = new NettyRemotingServer(
                RemotingServerConfig.defaults(0).withBindHost("127.0.0.1").withSerializeType(type));
        server.registerProcessor(
                ECHO,
                (SyncRequestProcessor) (channel, request) -> RemotingCommand.success()
                        .putExtField("echo", request.extField("topic"))
                        .putExtField("peerVersion", Integer.toString(channel.peerVersion()))
                        .remark("ok ✓")
                        .body(request.body()),
                pool);
        int port = server.start().getPort();
        var client = new org.apache.rocketmq.remoting.netty.NettyRemotingClient(new NettyClientConfig());
        client.start();
        try {
            for (int i = 0; i < 3; i++) {
                var request = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ECHO, null);
                request.setSerializeTypeCurrentRPC(official(type));
                HashMap<String, String> ext = new HashMap<>();
                ext.put("topic", "主题-" + i + "\u0001");
                request.setExtFields(ext);
                request.setBody(new byte[] {(byte) i, 2, 3});
                var response = client.invokeSync("127.0.0.1:" + port, request, 5_000);
                assertThat(response.getCode()).isZero();
                assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
                assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(official(type));
                assertThat(response.getRemark()).isEqualTo("ok ✓");
                assertThat(response.getExtFields()).containsEntry("echo", "主题-" + i + "\u0001");
                assertThat(response.getExtFields().get("peerVersion"))
                        .isEqualTo(Integer.toString(request.getVersion()));
                assertThat(response.getBody()).containsExactly(i, 2, 3);
            }
            var unknown = client.invokeSync(
                    "127.0.0.1:" + port,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(4242, null),
                    5_000);
            assertThat(unknown.getCode()).isEqualTo(3);
            assertThat(unknown.getRemark()).isEqualTo(" request type 4242 not supported");
        } finally {
            client.shutdown();
            server.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void skiffClientCallsOfficialServer(SerializeType type) throws Exception {
        NettyServerConfig config = new NettyServerConfig();
        config.setListenPort(0);
        config.setBindAddress("127.0.0.1");
        var server = new org.apache.rocketmq.remoting.netty.NettyRemotingServer(config);
        server.registerProcessor(
                ECHO,
                new NettyRequestProcessor() {
                    @Override
                    public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(
                            ChannelHandlerContext ctx, org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                        var response =
                                org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, "fine");
                        response.setSerializeTypeCurrentRPC(request.getSerializeTypeCurrentRPC());
                        HashMap<String, String> ext = new HashMap<>(request.getExtFields());
                        ext.put("lang", request.getLanguage().name());
                        response.setExtFields(ext);
                        response.setBody(request.getBody());
                        return response;
                    }

                    @Override
                    public boolean rejectRequest() {
                        return false;
                    }
                },
                pool);
        server.start();
        NettyRemotingClient client =
                new NettyRemotingClient(RemotingClientConfig.defaults().withSerializeType(type));
        try {
            String address = "127.0.0.1:" + server.localListenPort();
            for (int i = 0; i < 3; i++) {
                RemotingCommand request = RemotingCommand.request(ECHO)
                        .putExtField("topic", "TopicTest")
                        .putExtField("props", "a\u0001b\u0002")
                        .body(new byte[] {(byte) i});
                RemotingCommand response = client.invokeSync(address, request, 5_000);
                assertThat(response.code()).isZero();
                assertThat(response.serializeType()).isEqualTo(type);
                assertThat(response.remark()).isEqualTo("fine");
                assertThat(response.extFields())
                        .containsAllEntriesOf(Map.of("topic", "TopicTest", "props", "a\u0001b\u0002", "lang", "JAVA"));
                assertThat(response.body()).containsExactly(i);
            }
            RemotingCommand unknown = client.invokeSync(address, RemotingCommand.request(4242), 5_000);
            assertThat(unknown.code()).isEqualTo(3);
            assertThat(unknown.remark()).isEqualTo(" request type 4242 not supported");
        } finally {
            client.shutdown();
            server.shutdown();
        }
    }
}
