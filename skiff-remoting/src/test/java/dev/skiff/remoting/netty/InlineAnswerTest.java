package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A processor's inline fast path answers on the I/O thread; null or an exception from {@code
 * answerInline} falls back to its executor; {@code processInline} may answer later from another
 * thread, and its exceptions are answered, never retried on the executor.
 */
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

    private static final int LATER_CODE = 9101;

    /** Takes every request inline and answers 50 ms later from another thread, or fails as asked. */
    private final RequestProcessor later = new RequestProcessor() {
        @Override
        public void process(RequestContext ctx, RemotingCommand request) {
            executorCalls.incrementAndGet();
            ctx.respond(RemotingCommand.success().remark("executor"));
        }

        @Override
        public boolean processInline(RequestContext ctx, RemotingCommand request) {
            String mode = request.extField("mode");
            if ("executor".equals(mode)) {
                return false;
            }
            if ("boom".equals(mode)) {
                throw new IllegalStateException("inline side effect failed");
            }
            if ("header".equals(mode)) {
                request.fields().requiredString("needed");
            }
            String ioThread = Thread.currentThread().getName();
            CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                    .execute(() -> ctx.respond(RemotingCommand.success().remark(ioThread)));
            return true;
        }
    };

    @Test
    void processInlineAnswersLaterAndItsFailuresAreAnsweredNotRetried() throws Exception {
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        server.registerProcessor(LATER_CODE, later, pool);
        String address = "127.0.0.1:" + server.start().getPort();
        client = new NettyRemotingClient(RemotingClientConfig.defaults());

        RemotingCommand answered = client.invokeSync(address, laterRequest("later"), 5_000);
        assertThat(answered.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(answered.remark()).isNotEqualTo("executor").doesNotStartWith("inline-test-proc");

        RemotingCommand declined = client.invokeSync(address, laterRequest("executor"), 5_000);
        assertThat(declined.remark()).isEqualTo("executor");
        assertThat(executorCalls).hasValue(1);

        RemotingCommand failed = client.invokeSync(address, laterRequest("boom"), 5_000);
        assertThat(failed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(failed.remark()).contains("inline side effect failed");

        RemotingCommand badHeader = client.invokeSync(address, laterRequest("header"), 5_000);
        assertThat(badHeader.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(badHeader.remark()).contains("needed");
        assertThat(executorCalls).as("failures are not retried on the executor").hasValue(1);
    }

    private static RemotingCommand laterRequest(String mode) {
        return RemotingCommand.request(LATER_CODE).putExtField("mode", mode);
    }

    private static RemotingCommand request(String mode, boolean withNeeded) {
        RemotingCommand request = RemotingCommand.request(CODE).putExtField("mode", mode);
        if (withNeeded) {
            request.putExtField("needed", "yes");
        }
        return request;
    }
}
