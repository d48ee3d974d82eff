package dev.skiff.auth;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** A channel from a fixed peer address; guard checks only read the address. */
record StubChannel(InetSocketAddress peer) implements RemotingChannel {

    static StubChannel from(String ip) {
        return new StubChannel(new InetSocketAddress(ip, 40_000));
    }

    @Override
    public String remoteAddress() {
        return peer.getAddress().getHostAddress() + ":" + peer.getPort();
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
        return true;
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
        throw new UnsupportedOperationException("guards do not send");
    }

    @Override
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) {
        throw new UnsupportedOperationException("guards do not send");
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        throw new UnsupportedOperationException("guards do not send");
    }

    @Override
    public void close() {}
}
