package dev.skiff.remoting.netty;

import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.RpcHook;
import dev.skiff.remoting.codec.CommandEncoder;
import dev.skiff.remoting.codec.FrameDecoder;
import dev.skiff.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty {@link RemotingClient}: one connection per address ("host:port" or "[ipv6]:port"),
 * made on first use within {@code connectTimeoutMs} and made again after it closes. Requests the
 * server sends over that connection are served by the processors registered here. Pipeline:
 *
 * <pre>
 * [ssl] → idle → FrameDecoder → CommandEncoder → InboundHandler
 * </pre>
 */
public final class NettyRemotingClient implements RemotingClient {
    private static final long SHUTDOWN_STEP_MAX_MS = 3_000;

    private final RemotingClientConfig config;
    private final RemotingEndpoint endpoint;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, CompletableFuture<NettyRemotingChannel>> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    public NettyRemotingClient(RemotingClientConfig config) {
        this.config = config;
        SslContext ssl = TlsSupport.clientContext(config.tls());
        this.endpoint = new RemotingEndpoint(
                "skiff-client", config.serializeType(), config.frameMaxBytes(), config.callbackThreads());
        InboundHandler inbound = new InboundHandler(endpoint);
        CommandEncoder encoder = new CommandEncoder(config.serializeType(), config.frameMaxBytes());
        this.group = Transport.group("skiff-client-io", config.ioThreads());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(TlsSupport.SSL_HANDLER, ssl.newHandler(ch.alloc()));
                        }
                        if (config.idleTimeoutMs() > 0) {
                            ch.pipeline()
                                    .addLast(
                                            "idle",
                                            new IdleStateHandler(0, 0, config.idleTimeoutMs(), TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline()
                                .addLast("decoder", new FrameDecoder(config.frameMaxBytes(), endpoint.malformedFrames))
                                .addLast("encoder", encoder)
                                .addLast("handler", inbound);
                    }
                });
    }

    @Override
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMs)
            throws RemotingException, InterruptedException {
        NettyRemotingChannel channel = connectSync(address);
        return endpoint.invokeSync(channel, request, timeoutMs);
    }

    @Override
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, long timeoutMs) {
        return channel(address).thenCompose(channel -> endpoint.invokeAsync(channel, request, timeoutMs));
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return channel(address).thenCompose(channel -> endpoint.invokeOneway(channel, request));
    }

    @Override
    public void registerProcessor(int requestCode, RequestProcessor processor, ExecutorService executor) {
        endpoint.registerProcessor(requestCode, processor, executor);
    }

    @Override
    public void addChannelEventListener(ChannelEventListener listener) {
        endpoint.addListener(listener);
    }

    @Override
    public void addRpcHook(RpcHook hook) {
        endpoint.addRpcHook(hook);
    }

    @Override
    public void closeChannel(String address) {
        CompletableFuture<NettyRemotingChannel> connecting = channels.remove(address);
        if (connecting != null) {
            connecting.thenAccept(NettyRemotingChannel::close);
        }
    }

    /** The live connection to {@code address}, connecting first if needed. */
    public CompletableFuture<? extends dev.skiff.remoting.RemotingChannel> connect(String address) {
        return channel(address);
    }

    /** Responses that matched no pending call (arrived after their timeout). */
    public long lateResponseCount() {
        return endpoint.lateResponses.sum();
    }

    private NettyRemotingChannel connectSync(String address) throws RemotingException, InterruptedException {
        CompletableFuture<NettyRemotingChannel> future = channel(address);
        try {
            return future.get(config.connectTimeoutMs() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException re) {
                throw re;
            }
            throw new RemotingException.ConnectException(address, e.getCause());
        } catch (TimeoutException e) {
            throw new RemotingException.ConnectException(address, e);
        }
    }

    private CompletableFuture<NettyRemotingChannel> channel(String address) {
        if (stopped.get()) {
            return CompletableFuture.failedFuture(
                    new RemotingException.ConnectException(address, new IllegalStateException("client shut down")));
        }
        while (true) {
            CompletableFuture<NettyRemotingChannel> existing = channels.get(address);
            if (existing != null) {
                if (!existing.isDone()
                        || (!existing.isCompletedExceptionally()
                                && existing.join().isActive())) {
                    return existing;
                }
                channels.remove(address, existing);
                continue;
            }
            CompletableFuture<NettyRemotingChannel> created = new CompletableFuture<>();
            if (channels.putIfAbsent(address, created) == null) {
                connect(address, created);
                return created;
            }
        }
    }

    private void connect(String address, CompletableFuture<NettyRemotingChannel> result) {
        InetSocketAddress target;
        try {
            target = Addresses.parse(address);
        } catch (IllegalArgumentException e) {
            channels.remove(address, result);
            result.completeExceptionally(new RemotingException.ConnectException(address, e));
            return;
        }
        bootstrap.connect(target).addListener(f -> {
            if (!f.isSuccess()) {
                channels.remove(address, result);
                result.completeExceptionally(new RemotingException.ConnectException(address, f.cause()));
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            ch.closeFuture().addListener(x -> channels.remove(address, result));
            result.complete(endpoint.attach(ch));
        });
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<NettyRemotingChannel>> open = new ArrayList<>(channels.values());
        channels.clear();
        for (CompletableFuture<NettyRemotingChannel> future : open) {
            if (future.isDone() && !future.isCompletedExceptionally()) {
                future.join().channel.close().awaitUninterruptibly(SHUTDOWN_STEP_MAX_MS);
            }
        }
        Transport.shutdown(group, SHUTDOWN_STEP_MAX_MS);
        endpoint.shutdownExecutors(SHUTDOWN_STEP_MAX_MS);
    }
}
