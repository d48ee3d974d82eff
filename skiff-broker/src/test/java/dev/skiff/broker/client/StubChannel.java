package dev.skiff.broker.client;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection that records what the broker sends one-way and whether it was closed. */
final class StubChannel implements RemotingChannel {
    final List<RemotingCommand> oneways = new CopyOnWriteArrayList<>();
    private final int port;
    volatile boolean closed;

    StubChannel(int port) {
        this.port = port;
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
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
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
