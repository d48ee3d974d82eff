package dev.skiff.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.codec.CommandDecoder;
import dev.skiff.remoting.codec.FrameEncoder;
import dev.skiff.remoting.codec.MalformedFrameException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipelined connection against a hand-driven server on 127.0.0.1: answers are matched to
 * their requests by opaque whatever their order; a server that never answers times requests out;
 * a closed connection and a malformed answer fail every request in flight and every later one.
 */
@Timeout(60)
class FrameConnectionTest {
    private ServerSocket server;
    private Socket accepted;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        if (accepted != null) {
            accepted.close();
        }
        server.close();
    }

    @Test
    void answersInAnyOrderReachTheirOwnRequests() throws Exception {
        try (FrameConnection connection = new FrameConnection(address(), 10_000)) {
            accepted = server.accept();
            List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
            List<RemotingCommand> requests = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RemotingCommand request = RemotingCommand.request(310).body(new byte[] {(byte) i});
                requests.add(request);
                answers.add(send(connection, request));
            }
            List<RemotingCommand> received = readRequests(3);
            // answer in reverse order, each with a remark naming its request's body
            for (int i = 2; i >= 0; i--) {
                RemotingCommand r = received.get(i);
                answer(RemotingCommand.response(0, "for " + r.body()[0]).markResponseTo(r.opaque()));
            }
            for (int i = 0; i < 3; i++) {
                RemotingCommand response = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(response.opaque()).isEqualTo(requests.get(i).opaque());
                assertThat(response.remark()).isEqualTo("for " + i);
            }
        }
    }

    @Test
    void aServerThatNeverAnswersTimesRequestsOut() throws Exception {
        try (FrameConnection connection = new FrameConnection(address(), 200)) {
            accepted = server.accept();
            CompletableFuture<RemotingCommand> answer = send(connection, RemotingCommand.request(310));
            assertThat(readRequests(1)).hasSize(1);
            Throwable failure = failureOf(answer);
            assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("200 ms");
        }
    }

    @Test
    void aClosedConnectionFailsWhatIsInFlightAndWhatComesLater() throws Exception {
        try (FrameConnection connection = new FrameConnection(address(), 30_000)) {
            accepted = server.accept();
            CompletableFuture<RemotingCommand> inFlight = send(connection, RemotingCommand.request(310));
            assertThat(readRequests(1)).hasSize(1);
            accepted.close();
            assertThat(failureOf(inFlight)).isInstanceOf(IOException.class);
            assertThat(failureOf(send(connection, RemotingCommand.request(310))))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aMalformedAnswerBreaksTheConnection() throws Exception {
        try (FrameConnection connection = new FrameConnection(address(), 30_000)) {
            accepted = server.accept();
            CompletableFuture<RemotingCommand> inFlight = send(connection, RemotingCommand.request(310));
            assertThat(readRequests(1)).hasSize(1);
            OutputStream out = accepted.getOutputStream();
            out.write(new byte[] {(byte) 0x7F, 0, 0, 0}); // a frame length far above the bound
            out.flush();
            assertThat(failureOf(inFlight))
                    .isInstanceOf(MalformedFrameException.class)
                    .hasMessageContaining("response frame of");
        }
    }

    private String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private static CompletableFuture<RemotingCommand> send(FrameConnection connection, RemotingCommand request) {
        CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        connection.send(request, (response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(response);
            }
        });
        return answer;
    }

    private static Throwable failureOf(CompletableFuture<RemotingCommand> answer) throws Exception {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the request succeeded");
    }

    private List<RemotingCommand> readRequests(int count) throws Exception {
        DataInputStream in = new DataInputStream(accepted.getInputStream());
        CommandDecoder decoder = new CommandDecoder();
        List<RemotingCommand> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            assertThat(length).isBetween(4, 1 << 20);
            byte[] frame = new byte[length];
            in.readFully(frame);
            out.add(decoder.decode(Unpooled.wrappedBuffer(frame), 0, length));
        }
        return out;
    }

    private void answer(RemotingCommand response) throws IOException {
        ByteBuf frame = FrameEncoder.encode(new UnpooledByteBufAllocator(false), response, SerializeType.JSON, 1 << 20);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            accepted.getOutputStream().write(bytes);
            accepted.getOutputStream().flush();
        } finally {
            frame.release();
        }
    }
}
