package dev.skiff.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's frame limits over real loopback sockets: the partial-frame budget shared by all
 * connections, and the deadline of one frame.
 */
@Timeout(30)
class FrameLimitsTest {
    private static final int ECHO = 9001;
    private static final int FRAME_MAX = 1 << 20;

    private final ExecutorService pool = BoundedExecutors.fixed("test-proc", 2, 64);
    private final List<Socket> sockets = new ArrayList<>();
    private NettyRemotingServer server;
    private NettyRemotingClient client;

    @AfterEach
    void tearDown() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
        pool.shutdownNow();
    }

    private final Semaphore allClosed = new Semaphore(0);

    private String start(RemotingServerConfig config, CountDownLatch closes) throws InterruptedException {
        server = new NettyRemotingServer(config.withBindHost("127.0.0.1"));
        server.registerProcessor(ECHO, (SyncRequestProcessor) (channel, request) -> RemotingCommand.success(), pool);
        server.addChannelEventListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                closes.countDown();
                allClosed.release();
            }
        });
        String address = "127.0.0.1:" + server.start().getPort();
        client = new NettyRemotingClient(RemotingClientConfig.defaults().withConnectTimeoutMs(2_000));
        return address;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.localAddress().getPort());
        sockets.add(socket);
        return socket;
    }

    /** The first bytes of a JSON frame of {@code totalBytes} (length field included). */
    private static byte[] frameStart(int totalBytes, int bodyBytesSent) {
        ByteBuffer buf = ByteBuffer.allocate(8 + bodyBytesSent);
        buf.putInt(totalBytes - 4);
        buf.putInt(0); // JSON, header length 0: the rest is body
        return buf.array();
    }

    /** True when the server closed {@code socket}; false when it is still open after {@code waitMs}. */
    private static boolean closedByServer(Socket socket, int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void partialFramesPastTheBudgetCloseTheirConnectionsWhileOthersAreServed() throws Exception {
        int connections = 10;
        int fit = 4;
        long budget = (long) fit * FRAME_MAX + FRAME_MAX / 2; // room for 4 whole frames, not 5
        CountDownLatch closes = new CountDownLatch(connections - fit);
        String address = start(
                RemotingServerConfig.defaults(0).withFrameMaxBytes(FRAME_MAX).withPartialFramesMaxBytes(budget),
                closes);
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();

        for (int i = 0; i < connections; i++) {
            OutputStream out = connect().getOutputStream();
            try {
                out.write(frameStart(FRAME_MAX, FRAME_MAX / 2)); // half a frame of the largest size
                out.flush();
            } catch (IOException refusedWhileWriting) {
                // the server closed this one already: past the budget
            }
        }
        assertThat(closes.await(10, TimeUnit.SECONDS))
                .as("connections past the budget closed")
                .isTrue();

        int closed = 0;
        for (Socket socket : sockets) {
            closed += closedByServer(socket, 200) ? 1 : 0;
        }
        assertThat(closed).isEqualTo(connections - fit);
        assertThat(server.frameLimits().partialFramesRefused()).isEqualTo(connections - fit);
        assertThat(server.frameLimits().partialFrameBytes())
                .isEqualTo((long) fit * FRAME_MAX)
                .isLessThanOrEqualTo(budget);
        assertThat(server.malformedFrameCount()).isZero();
        // The connection of the client, already open, and a new one are both served.
        for (int i = 0; i < 20; i++) {
            assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                            .code())
                    .isZero();
        }
        // A request of 200 KB arrives in several reads: a partial frame that fits what is left.
        NettyRemotingClient fresh =
                new NettyRemotingClient(RemotingClientConfig.defaults().withConnectTimeoutMs(2_000));
        try {
            assertThat(fresh.invokeSync(address, RemotingCommand.request(ECHO).body(new byte[200_000]), 3_000)
                            .code())
                    .isZero();
        } finally {
            fresh.shutdown();
        }

        // Closing the holders gives their reservations back (before the close event is reported).
        for (Socket socket : sockets) {
            socket.close();
        }
        assertThat(allClosed.tryAcquire(connections + 1, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.frameLimits().partialFrameBytes()).isZero();
    }

    @Test
    void aFrameTrickledPastItsDeadlineClosesTheConnection() throws Exception {
        CountDownLatch closes = new CountDownLatch(1);
        long deadlineMs = 400;
        String address = start(RemotingServerConfig.defaults(0).withFrameDeadlineMs(deadlineMs), closes);
        Socket drip = connect();
        OutputStream out = drip.getOutputStream();
        long startNs = System.nanoTime();
        out.write(new byte[] {0, 0, 0, 100}); // a frame of 100 bytes, then one byte at a time
        out.flush();
        boolean closed = false;
        for (int i = 0; i < 100 && !closed; i++) {
            try {
                out.write(0);
                out.flush();
            } catch (IOException reset) {
                closed = true;
                break;
            }
            closed = closedByServer(drip, 50);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertThat(closed).isTrue();
        assertThat(elapsedMs).isBetween(deadlineMs, deadlineMs + 2_000);
        assertThat(closes.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(server.frameLimits().framesExpired()).isEqualTo(1);
        assertThat(server.frameLimits().partialFrameBytes()).isZero();
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3_000)
                        .code())
                .isZero();
    }
}
