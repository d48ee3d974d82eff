package dev.skiff.namesrv;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** A connection stand-in for tests without sockets; records whether it was closed. */
public final class FakeChannel implements RemotingChannel {
    private final String remote;
    private volatile boolean closed;

    public FakeChannel(String remote) {
        this.remote = remote;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress remoteSocketAddress() {
        return InetSocketAddress.createUnresolved("127.0.0.1", 1);
    }

    @Override
    public String localAddress() {
        return "127.0.0.1:9876";
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
        return CompletableFuture.failedFuture(new UnsupportedOperationException("fake channel"));
    }

    @Override
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) {
        throw new UnsupportedOperationException("fake channel");
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
    }
}
