package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestGuard;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server-side request guard: it runs before any processor (the inline fast path too) and fails closed. */
@Timeout(30)
class RequestGuardTest {
    private static final int CODE = 9101;

    private final ExecutorService pool = BoundedExecutors.fixed("test-guard", 1, 16);
    private final AtomicInteger processed = new AtomicInteger();
    private final AtomicInteger inline = new AtomicInteger();
    private NettyRemotingServer server;
    private NettyRemotingClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
        pool.shutdownNow();
    }

    private String start(RequestGuard guard) throws InterruptedException {
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        server.registerProcessor(
                CODE,
                new RequestProcessor() {
                    @Override
                    public void process(dev.skiff.remoting.RequestContext ctx, RemotingCommand request) {
                        processed.incrementAndGet();
                        ctx.respond(RemotingCommand.success());
                    }

                    @Override
                    public RemotingCommand answerInline(
                            dev.skiff.remoting.RemotingChannel channel, RemotingCommand request) {
                        inline.incrementAndGet();
                        return null;
                    }
                },
                pool);
        if (guard != null) {
            server.setRequestGuard(guard);
        }
        client = new NettyRemotingClient(RemotingClientConfig.defaults().withConnectTimeoutMs(2_000));
        return "127.0.0.1:" + server.start().getPort();
    }

    @Test
    void aRefusalIsAnsweredAndNoProcessorRuns() throws Exception {
        String address = start((channel, request) -> "yes".equals(request.extField("let"))
                ? null
                : RemotingCommand.response(ResponseCode.NO_PERMISSION, "not you"));
        RemotingCommand refused = client.invokeSync(address, RemotingCommand.request(CODE), 5_000);
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
        assertThat(refused.remark()).isEqualTo("not you");
        assertThat(processed.get()).isZero();
        assertThat(inline.get()).isZero();
        assertThat(server.guardRefusedCount()).isEqualTo(1);

        RemotingCommand served =
                client.invokeSync(address, RemotingCommand.request(CODE).putExtField("let", "yes"), 5_000);
        assertThat(served.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(processed.get()).isEqualTo(1);
    }

    @Test
    void aFailingGuardRefusesInsteadOfLettingThrough() throws Exception {
        String address = start((channel, request) -> {
            throw new IllegalStateException("broken check");
        });
        RemotingCommand answer = client.invokeSync(address, RemotingCommand.request(CODE), 5_000);
        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(answer.remark()).contains("broken check");
        assertThat(processed.get()).isZero();
    }

    @Test
    void withoutAGuardEverythingIsServed() throws Exception {
        String address = start(null);
        assertThat(client.invokeSync(address, RemotingCommand.request(CODE), 5_000)
                        .code())
                .isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(processed.get()).isEqualTo(1);
    }
}
