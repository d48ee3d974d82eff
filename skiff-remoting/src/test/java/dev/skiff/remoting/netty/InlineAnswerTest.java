package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.BoundedExecutors;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A processor's inline fast path answers on the I/O thread; null or an exception falls back to its executor. */
@Timeout(30)
class InlineAnswerTest {
    private static final int CODE = 9100;

    private final ExecutorService pool = BoundedExecutors.fixed("inline-test-proc", 1, 8);
    private final AtomicInteger executorCalls = new AtomicInteger();
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

    private final RequestProcessor processor = new RequestProcessor() {
        @Override
        public void process(RequestContext ctx, RemotingCommand request) {
            executorCalls.incrementAndGet();
            request.fields().requiredString("needed"); // throws HeaderException when absent
            ctx.respond(RemotingCommand.success().remark(Thread.currentThread().getName()));
        }

        @Override
        public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
            String mode = request.extField("mode");
            if ("inline".equals(mode)) {
                return RemotingCommand.success().remark(Thread.currentThread().getName());
            }
            if ("boom".equals(mode)) {
                throw new IllegalStateException("inline path failed");
            }
            return null;
        }
    };

    @Test
    void inlineAnswerSkipsTheExecutorAndFallbacksUseIt() throws Exception {
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        server.registerProcessor(CODE, processor, pool);
        String address = "127.0.0.1:" + server.start().getPort();
        client = new NettyRemotingClient(RemotingClientConfig.defaults());

        RemotingCommand inline = client.invokeSync(address, request("inline", true), 5_000);
        assertThat(inline.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(inline.remark()).doesNotStartWith("inline-test-proc");
        assertThat(executorCalls).hasValue(0);

        RemotingCommand fallback = client.invokeSync(address, request("slow", true), 5_000);
        assertThat(fallback.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(fallback.remark()).startsWith("inline-test-proc");
        assertThat(executorCalls).hasValue(1);

        RemotingCommand afterFailure = client.invokeSync(address, request("boom", false), 5_000);
        assertThat(afterFailure.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(afterFailure.remark()).contains("needed");
        assertThat(executorCalls).hasValue(2);
    }

    private static RemotingCommand request(String mode, boolean withNeeded) {
        RemotingCommand request = RemotingCommand.request(CODE).putExtField("mode", mode);
        if (withNeeded) {
            request.putExtField("needed", "yes");
        }
        return request;
    }
}
