package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RpcHook;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.SerializeType;
import dev.skiff.remoting.testing.Await;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class NettyRemotingTest {
    private static final int ECHO = 9001;
    private static final int SLOW = 9002;

    private final ExecutorService pool = BoundedExecutors.fixed("test-proc", 2, 64);
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

    private String startServer(RemotingServerConfig config) throws InterruptedException {
        server = new NettyRemotingServer(config.withBindHost("127.0.0.1"));
        server.registerProcessor(ECHO, echo(), pool);
        return "127.0.0.1:" + server.start().getPort();
    }

    private static SyncRequestProcessor echo() {
        return (channel, request) -> {
            RemotingCommand response = RemotingCommand.success();
            response.ensureExtFields().putAll(request.extFields() == null ? java.util.Map.of() : request.extFields());
            response.body(request.body());
            response.remark("echo");
            return response;
        };
    }

    private static RemotingClientConfig clientConfig() {
        return RemotingClientConfig.defaults().withConnectTimeoutMs(2_000);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void syncAsyncAndOneway(SerializeType type) throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0).withSerializeType(type));
        BlockingQueue<RemotingCommand> oneways = new LinkedBlockingQueue<>();
        server.registerProcessor(SLOW, (ctx, request) -> oneways.add(request), pool);
        client = new NettyRemotingClient(clientConfig().withSerializeType(type));

        RemotingCommand request = RemotingCommand.request(ECHO).putExtField("topic", "TopicTest");
        request.body(new byte[] {1, 2, 3});
        RemotingCommand response = client.invokeSync(address, request, 3_000);
        assertThat(response.code()).isZero();
        assertThat(response.isResponse()).isTrue();
        assertThat(response.opaque()).isEqualTo(request.opaque());
        assertThat(response.extField("topic")).isEqualTo("TopicTest");
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.remark()).isEqualTo("echo");
        assertThat(response.serializeType()).isEqualTo(type);

        List<CompletableFuture<RemotingCommand>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.invokeAsync(
                    address, RemotingCommand.request(ECHO).putExtField("i", Integer.toString(i)), 3_000));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(futures.get(i).get(5, TimeUnit.SECONDS).extField("i")).isEqualTo(Integer.toString(i));
        }

        client.invokeOneway(address, RemotingCommand.request(SLOW).putExtField("k", "v"))
                .get(5, TimeUnit.SECONDS);
        RemotingCommand oneway = oneways.poll(5, TimeUnit.SECONDS);
        assertThat(oneway).isNotNull();
        assertThat(oneway.isOneway()).isTrue();
        assertThat(oneway.extField("k")).isEqualTo("v");
    }

    @Test
    void serverInvokesClientOverItsConnection() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        BlockingQueue<RemotingChannel> connected = new LinkedBlockingQueue<>();
        server.registerProcessor(
                SLOW,
                (SyncRequestProcessor) (channel, request) -> {
                    connected.add(channel);
                    return RemotingCommand.success();
                },
                pool);
        client = new NettyRemotingClient(clientConfig());
        client.registerProcessor(
                40,
                (SyncRequestProcessor) (channel, request) ->
                        RemotingCommand.success().putExtField("answer", "from-client:" + request.extField("q")),
                null);
        assertThat(client.invokeSync(address, RemotingCommand.request(SLOW), 3_000)
                        .code())
                .isZero();
        RemotingChannel toClient = connected.poll(5, TimeUnit.SECONDS);
        assertThat(toClient.peerLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(toClient.peerVersion()).isEqualTo(dev.skiff.remoting.protocol.RemotingVersion.CURRENT);

        RemotingCommand answer = toClient.invokeSync(RemotingCommand.request(40).putExtField("q", "x"), 3_000);
        assertThat(answer.extField("answer")).isEqualTo("from-client:x");
        RemotingCommand async = toClient.invokeAsync(RemotingCommand.request(40).putExtField("q", "y"), 3_000)
                .get(5, TimeUnit.SECONDS);
        assertThat(async.extField("answer")).isEqualTo("from-client:y");
        RemotingCommand unknown = toClient.invokeSync(RemotingCommand.request(41), 3_000);
        assertThat(unknown.code()).isEqualTo(3);
    }

    @Test
    void systemBusyWhenTheExecutorQueueIsFull() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        ExecutorService tiny = BoundedExecutors.fixed("tiny", 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor(
                SLOW,
                (SyncRequestProcessor) (channel, request) -> {
                    release.await(10, TimeUnit.SECONDS);
                    return RemotingCommand.success();
                },
                tiny);
        client = new NettyRemotingClient(clientConfig());
        try {
            CompletableFuture<RemotingCommand> running =
                    client.invokeAsync(address, RemotingCommand.request(SLOW), 10_000);
            CompletableFuture<RemotingCommand> queued =
                    client.invokeAsync(address, RemotingCommand.request(SLOW), 10_000);
            RemotingCommand busy = null;
            for (int i = 0; i < 20 && busy == null; i++) {
                RemotingCommand r = client.invokeSync(address, RemotingCommand.request(SLOW), 10_000);
                if (r.code() == ResponseCode.SYSTEM_BUSY.code()) {
                    busy = r;
                }
            }
            assertThat(busy).isNotNull();
            assertThat(busy.remark()).isEqualTo("[OVERLOAD]system busy, start flow control for a while");
            assertThat(server.rejectedRequestCount()).isPositive();
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS).code()).isZero();
            assertThat(queued.get(5, TimeUnit.SECONDS).code()).isZero();
        } finally {
            release.countDown();
            tiny.shutdownNow();
        }
    }

    @Test
    void unknownCodeInvalidParameterAndSystemError() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        server.registerProcessor(
                SLOW,
                (SyncRequestProcessor) (channel, request) -> {
                    request.fields().requiredLong("queueOffset");
                    throw new IllegalStateException("boom");
                },
                pool);
        client = new NettyRemotingClient(clientConfig());
        RemotingCommand unknown = client.invokeSync(address, RemotingCommand.request(12345), 3_000);
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.remark()).isEqualTo(" request type 12345 not supported");

        RemotingCommand invalid = client.invokeSync(address, RemotingCommand.request(SLOW), 3_000);
        assertThat(invalid.code()).isEqualTo(29);
        assertThat(invalid.remark()).contains("queueOffset");

        RemotingCommand error =
                client.invokeSync(address, RemotingCommand.request(SLOW).putExtField("queueOffset", "1"), 3_000);
        assertThat(error.code()).isEqualTo(1);
        assertThat(error.remark()).contains("IllegalStateException").contains("boom");
    }

    @Test
    void timeoutThenLateResponseIsDroppedAndCounted() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor(
                SLOW,
                (SyncRequestProcessor) (channel, request) -> {
                    release.await(10, TimeUnit.SECONDS);
                    return RemotingCommand.success();
                },
                pool);
        client = new NettyRemotingClient(clientConfig());
        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(SLOW), 200))
                .isInstanceOf(RemotingException.TimeoutException.class);
        release.countDown();
        Await.holdsWithin(Duration.ofSeconds(5), () -> client.lateResponseCount() > 0);
        assertThat(client.lateResponseCount()).isEqualTo(1);
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();
    }

    @Test
    void pendingCallsFailFastWhenTheServerCloses() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        server.registerProcessor(SLOW, (ctx, request) -> ctx.channel().close(), pool);
        client = new NettyRemotingClient(clientConfig());
        long start = System.nanoTime();
        CompletableFuture<RemotingCommand> call = client.invokeAsync(address, RemotingCommand.request(SLOW), 20_000);
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RemotingException.class)
                .hasMessageContaining("connection closed");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        // The client reconnects on the next call.
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();
    }

    @Test
    void idleConnectionsAreClosedAndEventsArriveInOrder() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0).withIdleTimeoutMs(300));
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        server.addChannelEventListener(new ChannelEventListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                events.add("connect:" + Thread.currentThread().getName());
            }

            @Override
            public void onIdle(RemotingChannel channel) {
                events.add("idle");
            }

            @Override
            public void onClose(RemotingChannel channel) {
                events.add("close");
                closed.countDown();
            }
        });
        client = new NettyRemotingClient(clientConfig());
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).startsWith("connect:skiff-server-events");
        assertThat(events.subList(1, 3)).containsExactly("idle", "close");
    }

    @Test
    void oversizeFrameClosesOnlyThatConnection() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0).withFrameMaxBytes(4096));
        client = new NettyRemotingClient(clientConfig());
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();
        int port = server.localAddress().getPort();
        try (Socket bad = new Socket("127.0.0.1", port)) {
            bad.setSoTimeout(5_000);
            OutputStream out = bad.getOutputStream();
            out.write(new byte[] {0, 0, 0x10, 0, 0, 0, 0, 20});
            out.flush();
            assertThatThrownBy(() -> new DataInputStream(bad.getInputStream()).readByte())
                    .isInstanceOf(EOFException.class);
        }
        assertThat(server.malformedFrameCount()).isEqualTo(1);
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();
    }

    @Test
    void serverKeepsServingAGoodConnectionWhileBadOnesSendGarbage() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0).withFrameMaxBytes(64 * 1024));
        client = new NettyRemotingClient(clientConfig());
        int port = server.localAddress().getPort();
        java.util.Random random = new java.util.Random(99);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int badConnections = 0;
        for (int round = 0; round < 30 && System.nanoTime() < deadline; round++) {
            try (Socket bad = new Socket("127.0.0.1", port)) {
                byte[] garbage = new byte[1 + random.nextInt(8192)];
                random.nextBytes(garbage);
                if (random.nextBoolean()) {
                    garbage[0] = 0x7f;
                }
                try {
                    bad.getOutputStream().write(garbage);
                } catch (java.io.IOException closedEarly) {
                    // the server may already have closed it
                }
                badConnections++;
            }
            RemotingCommand response = client.invokeSync(
                    address, RemotingCommand.request(ECHO).putExtField("round", Integer.toString(round)), 3_000);
            assertThat(response.extField("round")).isEqualTo(Integer.toString(round));
        }
        assertThat(badConnections).isGreaterThan(10);
        assertThat(server.malformedFrameCount()).isPositive();
    }

    @Test
    void goAwayDuringShutdownForModernPeers() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        CountDownLatch inProcessor = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor(
                SLOW,
                (SyncRequestProcessor) (channel, request) -> {
                    inProcessor.countDown();
                    release.await(5, TimeUnit.SECONDS);
                    return RemotingCommand.success();
                },
                pool);
        client = new NettyRemotingClient(clientConfig());
        CompletableFuture<RemotingCommand> slow = client.invokeAsync(address, RemotingCommand.request(SLOW), 5_000);
        assertThat(inProcessor.await(5, TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(server::shutdown);
        stopper.start();
        // asks until the shutdown has begun; an exception (not an answer) fails the test at once
        RemotingCommand[] goAway = {null};
        Await.holdsWithin(Duration.ofSeconds(5), () -> {
            try {
                RemotingCommand r = client.invokeSync(address, RemotingCommand.request(ECHO), 3_000);
                goAway[0] = r.code() == ResponseCode.GO_AWAY.code() ? r : null;
                return goAway[0] != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (RemotingException e) {
                throw new AssertionError("an answer, not an exception, while the server shuts down", e);
            }
        });
        release.countDown();
        assertThat(goAway[0]).isNotNull();
        assertThat(goAway[0].remark()).isEqualTo("please go away");
        assertThat(slow.get(5, TimeUnit.SECONDS).code()).isZero();
        stopper.join(10_000);
    }

    @Test
    void rpcHooksSeeEveryOutgoingRequestAndResponse() throws Exception {
        String address = startServer(RemotingServerConfig.defaults(0));
        client = new NettyRemotingClient(clientConfig());
        List<String> seen = new CopyOnWriteArrayList<>();
        client.addRpcHook(new RpcHook() {
            @Override
            public void beforeRequest(String remoteAddress, RemotingCommand request) {
                request.putExtField("signature", "s");
                seen.add("before:" + remoteAddress);
            }

            @Override
            public void afterResponse(String remoteAddress, RemotingCommand request, RemotingCommand response) {
                seen.add("after:" + response.code());
            }
        });
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(ECHO), 3_000);
        assertThat(response.extField("signature")).isEqualTo("s");
        client.invokeAsync(address, RemotingCommand.request(ECHO), 3_000).get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("before:" + address, "after:0", "before:" + address, "after:0");
    }

    @Test
    void connectFailureAndAddressParsing() {
        client = new NettyRemotingClient(clientConfig().withConnectTimeoutMs(500));
        assertThatThrownBy(() -> client.invokeSync("127.0.0.1:1", RemotingCommand.request(ECHO), 1_000))
                .isInstanceOf(RemotingException.ConnectException.class);
        assertThat(Addresses.parse("[::1]:9876").getHostString()).isEqualTo("::1");
        assertThat(Addresses.parse("[::1]:9876").getPort()).isEqualTo(9876);
        assertThat(Addresses.parse("10.0.0.1:10911").getHostString()).isEqualTo("10.0.0.1");
        assertThat(Addresses.format(new java.net.InetSocketAddress("::1", 9876)))
                .isEqualTo("[0:0:0:0:0:0:0:1]:9876");
        assertThatThrownBy(() -> Addresses.parse("nohost")).isInstanceOf(IllegalArgumentException.class);
    }
}
