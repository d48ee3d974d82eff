package dev.skiff.remoting.netty;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A live connection with its table of pending calls (opaque → call). The table belongs to the
 * channel so that a close fails exactly the calls that were waiting on it.
 */
final class NettyRemotingChannel implements RemotingChannel {
    final Channel channel;
    private final RemotingEndpoint endpoint;
    private final String remoteAddress;
    private final String localAddress;
    final Map<Integer, PendingCall> pending = new ConcurrentHashMap<>();
    volatile boolean closed;
    private volatile LanguageCode peerLanguage;
    private volatile int peerVersion;

    NettyRemotingChannel(Channel channel, RemotingEndpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.remoteAddress = Addresses.format(channel.remoteAddress());
        this.localAddress = Addresses.format(channel.localAddress());
    }

    void recordPeer(LanguageCode language, int version) {
        this.peerLanguage = language;
        this.peerVersion = version;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public SocketAddress remoteSocketAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public boolean isActive() {
        return !closed && channel.isActive();
    }

    @Override
    public LanguageCode peerLanguage() {
        return peerLanguage;
    }

    @Override
    public int peerVersion() {
        return peerVersion;
    }

    @Override
    public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMs) {
        return endpoint.invokeAsync(this, request, timeoutMs);
    }

    @Override
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs)
            throws RemotingException, InterruptedException {
        return endpoint.invokeSync(this, request, timeoutMs);
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        return endpoint.invokeOneway(this, request);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "RemotingChannel[" + remoteAddress + " <- " + localAddress + "]";
    }
}
