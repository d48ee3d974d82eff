package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Sends requests to servers by address ("host:port"), keeping one connection per address and
 * reconnecting on demand. Requests the server sends back over that connection are served by
 * registered processors. Implemented by {@code dev.skiff.remoting.netty.NettyRemotingClient}.
 */
public interface RemotingClient extends AutoCloseable {

    RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMs)
            throws RemotingException, InterruptedException;

    /** Completes with the response, or exceptionally with a {@link RemotingException}. */
    CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, long timeoutMs);

    /** Completes when the request was written, or exceptionally with a {@link RemotingException}. */
    CompletableFuture<Void> invokeOneway(String address, RemotingCommand request);

    /** Serves requests the peer sends to this client (e.g. a broker's NOTIFY_CONSUMER_IDS_CHANGED). */
    void registerProcessor(int requestCode, RequestProcessor processor, ExecutorService executor);

    void addChannelEventListener(ChannelEventListener listener);

    void addRpcHook(RpcHook hook);

    /** Closes the connection to one address, if any. */
    void closeChannel(String address);

    /** Closes every connection and stops the I/O threads. Idempotent. */
    void shutdown();

    @Override
    default void close() {
        shutdown();
    }
}
