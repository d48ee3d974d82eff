package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.testing.Await;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RpcLatency}: the official labels and buckets, bounded label sets, no allocation per
 * record; and a real server counting each answered request (and one-way request) once, with the
 * long-polling flag a processor sets.
 */
@Timeout(60)
class RpcLatencyTest {
    private final ExecutorService pool = BoundedExecutors.fixed("latency-test-proc", 2, 64);
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

    /** label set → the cell's counts, for assertions. */
    private static Map<String, Buckets> cells(RpcLatency latency) {
        Map<String, Buckets> out = new HashMap<>();
        latency.forEach((req, resp, lp, result, cell) -> out.put(req + "|" + resp + "|" + lp + "|" + result, cell));
        return out;
    }

    @Test
    void labelsAndBucketsAreTheOfficialOnes() {
        RpcLatency latency = new RpcLatency();
        latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, 500_000); // 0 ms
        latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, 4_000_000); // 4 ms
        latency.record(
                RequestCode.PULL_MESSAGE,
                ResponseCode.PULL_NOT_FOUND.code(),
                true,
                RpcLatency.Result.SUCCESS,
                15_000_000_000L);
        latency.record(5_000, 77_777, false, RpcLatency.Result.WRITE_CHANNEL_FAILED, 1);
        latency.record(-7, 0, false, RpcLatency.Result.SUCCESS, 1);
        latency.record(999, 0, false, RpcLatency.Result.ONEWAY, 1);
        // official codes at and above 1024 by their names, Skiff serving them or not
        latency.record(3001, 3001, false, RpcLatency.Result.SUCCESS, 1);
        latency.record(200050, 2, false, RpcLatency.Result.SUCCESS, 1);
        latency.record(1001, 2007, false, RpcLatency.Result.SUCCESS, 1);
        latency.record(RequestCode.SEND_MESSAGE_V2, RpcLatency.NO_RESPONSE, false, failed(), 1);
        Map<String, Buckets> cells = cells(latency);
        assertThat(cells.keySet())
                .containsExactlyInAnyOrder(
                        "send_message_v2|success|false|success",
                        "pull_message|pull_not_found|true|success",
                        "other|other|false|write_channel_failed",
                        "other|success|false|success",
                        "999|success|false|oneway",
                        "auth_create_user|user_not_exist|false|success",
                        "pop_message|system_busy|false|success",
                        "controller_alter_sync_state_set|controller_not_leader|false|success",
                        "send_message_v2||false|process_request_failed");
        Buckets send = cells.get("send_message_v2|success|false|success");
        assertThat(send.bounds()).containsExactly(1, 3, 5, 7, 10, 100, 1000, 2000, 3000);
        assertThat(send.counts()).containsExactly(1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(send.sum()).isEqualTo(4);
        assertThat(cells.get("pull_message|pull_not_found|true|success").counts()[9])
                .isEqualTo(1);
    }

    private static RpcLatency.Result failed() {
        return RpcLatency.Result.PROCESS_REQUEST_FAILED;
    }

    @Test
    void recordingAllocatesNothingOnceACellExists() {
        RpcLatency latency = new RpcLatency();
        for (int i = 0; i < 20_000; i++) {
            latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, i * 1_000L);
            latency.record(3010, 17, false, RpcLatency.Result.SUCCESS, i * 1_000L);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 200_000; i++) {
            latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, i * 1_000L);
            latency.record(3010, 17, false, RpcLatency.Result.SUCCESS, i * 1_000L); // an official high code
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by 400,000 records").isLessThan(4_096);
    }

    @Test
    void aServerCountsEachAnsweredRequestOnce() throws Exception {
        CountDownLatch onewaySeen = new CountDownLatch(1);
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        server.registerProcessor(
                9200,
                new RequestProcessor() {
                    @Override
                    public void process(RequestContext ctx, RemotingCommand request) {
                        if ("held".equals(request.extField("mode"))) {
                            ctx.markLongPolling();
                        }
                        ctx.respond(RemotingCommand.success());
                        if (ctx.isOneway()) {
                            onewaySeen.countDown();
                        }
                    }
                },
                pool);
        String address = "127.0.0.1:" + server.start().getPort();
        client = new NettyRemotingClient(RemotingClientConfig.defaults());
        for (int i = 0; i < 5; i++) {
            assertThat(client.invokeSync(address, RemotingCommand.request(9200), 5_000)
                            .code())
                    .isZero();
        }
        RemotingCommand held = RemotingCommand.request(9200);
        held.putExtField("mode", "held");
        assertThat(client.invokeSync(address, held, 5_000).code()).isZero();
        assertThat(client.invokeSync(address, RemotingCommand.request(9201), 5_000)
                        .code())
                .isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code());
        client.invokeOneway(address, RemotingCommand.request(9200)).get(5, TimeUnit.SECONDS);
        assertThat(onewaySeen.await(10, TimeUnit.SECONDS)).isTrue();

        Map<String, Buckets> cells = awaitCount(server.rpcLatency(), 8);
        assertThat(total(cells.get("other|success|false|success"))).isEqualTo(5);
        assertThat(total(cells.get("other|success|true|success"))).isEqualTo(1);
        assertThat(total(cells.get("other|request_code_not_supported|false|success")))
                .isEqualTo(1);
        assertThat(total(cells.get("other|success|false|oneway"))).isEqualTo(1);
    }

    /**
     * Failures labelled as the official broker labels them: a processor that threw, a guard's
     * refusal, an overloaded executor and a response that could not be encoded are answers written
     * ({@code result="success"}) told apart by their response code; a request whose executor broke
     * is {@code process_request_failed} with no response code, and its error answer is not counted
     * again.
     */
    @Test
    void failuresAreToldApartAsTheOfficialBrokerDoes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        ExecutorService single = BoundedExecutors.fixed("latency-test-single", 1, 1);
        try {
            server = new NettyRemotingServer(
                    RemotingServerConfig.defaults(0).withBindHost("127.0.0.1").withFrameMaxBytes(64 * 1024));
            server.registerProcessor(
                    700,
                    (SyncRequestProcessor) (channel, request) -> {
                        throw new IllegalStateException("processor bug");
                    },
                    pool);
            server.registerProcessor(701, (SyncRequestProcessor) (c, r) -> RemotingCommand.success(), broken());
            server.registerProcessor(702, (SyncRequestProcessor) (c, r) -> RemotingCommand.success(), pool);
            server.registerProcessor(
                    703,
                    (SyncRequestProcessor) (c, r) -> {
                        holding.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        return RemotingCommand.success();
                    },
                    single);
            server.registerProcessor(
                    704,
                    (SyncRequestProcessor) (c, r) -> RemotingCommand.success().body(new byte[128 * 1024]),
                    pool);
            server.setRequestGuard((channel, request) ->
                    request.code() == 702 ? RemotingCommand.response(ResponseCode.NO_PERMISSION, "not for you") : null);
            String address = "127.0.0.1:" + server.start().getPort();
            client = new NettyRemotingClient(RemotingClientConfig.defaults());

            assertThat(code(address, 700)).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
            assertThat(code(address, 701)).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
            assertThat(code(address, 702)).isEqualTo(ResponseCode.NO_PERMISSION.code());
            assertThat(code(address, 704)).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
            var first = client.invokeAsync(address, RemotingCommand.request(703), 10_000);
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            var queued = client.invokeAsync(address, RemotingCommand.request(703), 10_000);
            awaitQueued(single);
            assertThat(code(address, 703)).isEqualTo(ResponseCode.SYSTEM_BUSY.code());
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).code()).isZero();
            assertThat(queued.get(10, TimeUnit.SECONDS).code()).isZero();

            Map<String, Buckets> cells = awaitCount(server.rpcLatency(), 7);
            assertThat(cells.keySet())
                    .containsExactlyInAnyOrder(
                            "700|system_error|false|success",
                            "701||false|process_request_failed",
                            "702|no_permission|false|success",
                            "704|system_error|false|success",
                            "703|system_busy|false|success",
                            "703|success|false|success");
            assertThat(total(cells.get("703|success|false|success"))).isEqualTo(2);
        } finally {
            release.countDown();
            single.shutdownNow();
        }
    }

    private int code(String address, int requestCode) throws Exception {
        return client.invokeSync(address, RemotingCommand.request(requestCode), 5_000)
                .code();
    }

    /** Waits (bounded) until the one-slot queue of {@code executor} holds a task. */
    private static void awaitQueued(ExecutorService executor) throws InterruptedException {
        var pool = (java.util.concurrent.ThreadPoolExecutor) executor;
        Await.until(
                "a request queued",
                Duration.ofSeconds(10),
                () -> !pool.getQueue().isEmpty());
    }

    /** An executor that breaks (throws something other than a rejection) on every task. */
    private static ExecutorService broken() {
        return new java.util.concurrent.AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                throw new IllegalStateException("executor broken");
            }

            @Override
            public void shutdown() {}

            @Override
            public java.util.List<Runnable> shutdownNow() {
                return java.util.List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
    }

    /** The cells once they hold {@code expected} counts in all (the write listener runs after the client has its answer). */
    private static Map<String, Buckets> awaitCount(RpcLatency latency, long expected) throws InterruptedException {
        Map<String, Buckets> cells = Await.answer(
                expected + " counts", Duration.ofSeconds(10), () -> cells(latency), c -> sum(c) >= expected);
        assertThat(sum(cells)).isEqualTo(expected);
        return cells;
    }

    private static long sum(Map<String, Buckets> cells) {
        return cells.values().stream().mapToLong(RpcLatencyTest::total).sum();
    }

    private static long total(Buckets b) {
        long n = 0;
        for (long c : b.counts()) {
            n += c;
        }
        return n;
    }
}
