package dev.skiff.broker.testing;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A connection that is only an address: it reports a fixed peer, and every request the broker
 * tries to send back over it fails at once (processor tests never expect one).
 */
public final class FakeChannel implements RemotingChannel {
    private final InetSocketAddress peer;
    private volatile boolean active = true;

    public FakeChannel(String host, int port) {
        this.peer = new InetSocketAddress(host, port);
    }

    /** A client at 127.0.0.1:40001. */
    public static FakeChannel local() {
        return new FakeChannel("127.0.0.1", 40_001);
    }

    @Override
    public String remoteAddress() {
        return peer.getHostString() + ":" + peer.getPort();
    }

    @Override
    public SocketAddress remoteSocketAddress() {
        return peer;
    }

    @Override
    public String localAddress() {
        return "127.0.0.1:10911";
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public LanguageCode peerLanguage() {
        return LanguageCode.JAVA;
    }

    @Override
    public int peerVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMs) {
        return CompletableFuture.failedFuture(refusal());
    }

    @Override
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) throws RemotingException {
        throw refusal();
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        return CompletableFuture.failedFuture(refusal());
    }

    private RemotingException refusal() {
        return new RemotingException(remoteAddress(), "fake channel: the broker sends no requests here", null);
    }

    @Override
    public void close() {
        active = false;
    }
}
