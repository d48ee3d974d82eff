package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.lang.management.ManagementFactory;
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
        latency.record(999, 0, false, RpcLatency.Result.ONEWAY, 1);
        Map<String, Buckets> cells = cells(latency);
        assertThat(cells.keySet())
                .containsExactlyInAnyOrder(
                        "send_message_v2|success|false|success",
                        "pull_message|pull_not_found|true|success",
                        "other|other|false|write_channel_failed",
                        "999|success|false|oneway");
        Buckets send = cells.get("send_message_v2|success|false|success");
        assertThat(send.bounds()).containsExactly(1, 3, 5, 7, 10, 100, 1000, 2000, 3000);
        assertThat(send.counts()).containsExactly(1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(send.sum()).isEqualTo(4);
        assertThat(cells.get("pull_message|pull_not_found|true|success").counts()[9])
                .isEqualTo(1);
    }

    @Test
    void recordingAllocatesNothingOnceACellExists() {
        RpcLatency latency = new RpcLatency();
        for (int i = 0; i < 20_000; i++) {
            latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, i * 1_000L);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 200_000; i++) {
            latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, i * 1_000L);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by 200,000 records").isLessThan(4_096);
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

    /** The cells once they hold {@code expected} counts in all (the write listener runs after the client has its answer). */
    private static Map<String, Buckets> awaitCount(RpcLatency latency, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Map<String, Buckets> cells = cells(latency);
            long sum = cells.values().stream().mapToLong(RpcLatencyTest::total).sum();
            if (sum >= expected || System.nanoTime() > deadline) {
                assertThat(sum).isEqualTo(expected);
                return cells;
            }
            Thread.sleep(20);
        }
    }

    private static long total(Buckets b) {
        long n = 0;
        for (long c : b.counts()) {
            n += c;
        }
        return n;
    }
}
