package dev.skiff.remoting;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * Accepts connections and serves requests by code. Register processors before {@link #start()}.
 * Each processor runs on the executor given with it; when that executor refuses the task
 * (bounded queue full) the request gets {@code SYSTEM_BUSY}. Unknown codes get
 * {@code REQUEST_CODE_NOT_SUPPORTED}. Implemented by {@code dev.skiff.remoting.netty.NettyRemotingServer}.
 */
public interface RemotingServer extends AutoCloseable {

    void registerProcessor(int requestCode, RequestProcessor processor, ExecutorService executor);

    /** Serves every code without a processor of its own (instead of REQUEST_CODE_NOT_SUPPORTED). */
    void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor);

    void addChannelEventListener(ChannelEventListener listener);

    void addRpcHook(RpcHook hook);

    /**
     * Sets the check every received request passes before any processor runs (authentication and
     * authorization); replaces the previous one. The default lets everything through.
     */
    void setRequestGuard(RequestGuard guard);

    /** Binds and starts serving; returns the bound address (port 0 in the config picks a free one). */
    InetSocketAddress start() throws InterruptedException;

    /** The bound address; only after {@link #start()}. */
    InetSocketAddress localAddress();

    /** The latency of the requests this server answered ({@code rocketmq_rpc_latency}). */
    default RpcLatency rpcLatency() {
        return new RpcLatency();
    }

    /** Stops accepting, closes connections and waits (bounded) for I/O threads. Idempotent. */
    void shutdown();

    @Override
    default void close() {
        shutdown();
    }
}
