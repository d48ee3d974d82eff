package dev.skiff.remoting.testing;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection without a socket, for tests of processors, registries and guards: it reports a
 * fixed peer, records the one-way requests sent over it and the last request sent expecting an
 * answer (answered with a set outcome: by default a {@link RemotingException}), refuses {@link
 * #invokeSync}, and remembers whether it was closed. One copy for every module's tests (the
 * {@code skiff-remoting} test jar).
 */
public final class FakeChannel implements RemotingChannel {
    /** The one-way requests sent over this channel, in order. */
    public final List<RemotingCommand> oneways = new CopyOnWriteArrayList<>();
    /** The last request sent with {@link #invokeAsync}, or null. */
    public final AtomicReference<RemotingCommand> lastAsync = new AtomicReference<>();

    private final String remote;
    private final SocketAddress socketAddress;
    private volatile CompletableFuture<RemotingCommand> asyncOutcome;
    private volatile boolean closed;

    /**
     * A channel whose peer is {@code remoteAddress} as given (any text; registries treat it as a
     * key). Its socket address is {@code host:port} when the text is one, else an unresolved
     * 127.0.0.1:1.
     */
    public FakeChannel(String remoteAddress) {
        this.remote = remoteAddress;
        this.socketAddress = socketAddressOf(remoteAddress);
        this.asyncOutcome = CompletableFuture.failedFuture(
                new RemotingException(remoteAddress, "fake channel: no answers set", null));
    }

    /** A channel from {@code host:port} (a literal IP is not looked up). */
    public static FakeChannel at(String host, int port) {
        return new FakeChannel(host + ":" + port);
    }

    /** A client at 127.0.0.1:40001. */
    public static FakeChannel local() {
        return at("127.0.0.1", 40_001);
    }

    /** Answers every request sent with {@link #invokeAsync} with {@code outcome} from now on. */
    public FakeChannel answering(CompletableFuture<RemotingCommand> outcome) {
        this.asyncOutcome = outcome;
        return this;
    }

    /** Whether {@link #close} was called. */
    public boolean closed() {
        return closed;
    }

    private static SocketAddress socketAddressOf(String text) {
        int colon = text.lastIndexOf(':');
        if (colon > 0 && colon < text.length() - 1) {
            try {
                return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            } catch (IllegalArgumentException notAPort) {
                // not host:port; fall through
            }
        }
        return InetSocketAddress.createUnresolved("127.0.0.1", 1);
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress remoteSocketAddress() {
        return socketAddress;
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
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) throws RemotingException {
        throw new RemotingException(remote, "fake channel: no synchronous requests", null);
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
