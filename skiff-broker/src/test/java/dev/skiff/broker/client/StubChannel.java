package dev.skiff.broker.client;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client connection stand-in for broker unit tests: records what the broker sends one-way, the
 * last request it sends expecting an answer (answered with a set outcome), and whether it was
 * closed.
 */
public final class StubChannel implements RemotingChannel {
    public final List<RemotingCommand> oneways = new CopyOnWriteArrayList<>();
    /** The last request sent with {@link #invokeAsync}, or null. */
    public final AtomicReference<RemotingCommand> lastAsync = new AtomicReference<>();

    private final int port;
    private final CompletableFuture<RemotingCommand> asyncOutcome;
    volatile boolean closed;

    /** A connection from 127.0.0.1:{@code port} that fails every request expecting an answer. */
    public StubChannel(int port) {
        this(port, CompletableFuture.failedFuture(new UnsupportedOperationException()));
    }

    /** A connection from 127.0.0.1:{@code port} that answers every request with {@code asyncOutcome}. */
    public StubChannel(int port, CompletableFuture<RemotingCommand> asyncOutcome) {
        this.port = port;
        this.asyncOutcome = asyncOutcome;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:" + port;
    }

    @Override
    public SocketAddress remoteSocketAddress() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public String localAddress() {
        return "127.0.0.1:10911";
    }

    @Override
    public boolean isActive() {
        return !closed;
    }

    @Override
    public LanguageCode peerLanguage() {
        return LanguageCode.JAVA;
    }

    @Override
    public int peerVersion() {
        return 479;
    }

    @Override
    public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMs) {
        lastAsync.set(request);
        return asyncOutcome;
    }

    @Override
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        oneways.add(request);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
    }
}
