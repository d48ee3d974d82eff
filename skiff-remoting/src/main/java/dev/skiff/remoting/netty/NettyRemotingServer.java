package dev.skiff.remoting.netty;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestGuard;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.RpcHook;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.codec.CommandEncoder;
import dev.skiff.remoting.codec.FrameDecoder;
import dev.skiff.remoting.codec.FrameLimits;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty {@link RemotingServer}. Pipeline of each connection:
 *
 * <pre>
 * tls-detector → [ssl] → idle → flush → FrameDecoder → CommandEncoder → InboundHandler
 * </pre>
 *
 * The {@link TlsModeDetector} looks at the first byte of each connection and adds TLS, or closes
 * the connection, as {@code tls().mode()} says.
 *
 * One acceptor thread, {@code ioThreads} I/O threads, TCP_NODELAY, pooled buffers. The decoders of
 * all connections share one {@link FrameLimits}: a budget of bytes held in partial frames and a
 * deadline for each frame to arrive whole, so a few slow or large senders cannot take the
 * server's direct memory. Responses and
 * server-initiated requests are encoded on the thread that sends them and written as finished
 * frames.
 */
public final class NettyRemotingServer implements RemotingServer {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingServer.class);
    private static final long SHUTDOWN_STEP_MAX_MS = 3_000;
    private static final long GO_AWAY_DRAIN_MAX_MS = 1_000;
    /** Responses written during one read before a flush is forced anyway. */
    private static final int FLUSHES_PER_WRITE_MAX = 64;

    private final RemotingServerConfig config;
    private final RemotingEndpoint endpoint;
    private final InboundHandler inbound;
    private final CommandEncoder encoder;
    private final FrameLimits frameLimits;
    private final TlsRefusals tlsRefusals = new TlsRefusals(SkiffClock.system());
    private final ChannelGroup connections = new DefaultChannelGroup("skiff-remoting", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private volatile Channel serverChannel;

    public NettyRemotingServer(RemotingServerConfig config) {
        this.config = config;
        this.endpoint = new RemotingEndpoint("skiff-server", config.serializeType(), config.frameMaxBytes(), 2);
        this.inbound = new InboundHandler(endpoint);
        this.encoder = new CommandEncoder(config.serializeType(), config.frameMaxBytes());
        this.frameLimits = new FrameLimits(
                config.frameMaxBytes(),
                config.effectivePartialFramesMaxBytes(),
                config.frameDeadlineMs(),
                SkiffClock.system(),
                endpoint.malformedFrames);
    }

    @Override
    public void registerProcessor(int requestCode, RequestProcessor processor, ExecutorService executor) {
        endpoint.registerProcessor(requestCode, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        endpoint.registerDefaultProcessor(processor, executor);
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
    public void setRequestGuard(RequestGuard guard) {
        endpoint.setRequestGuard(guard);
    }

    /** Requests refused by the request guard. */
    public long guardRefusedCount() {
        return endpoint.guardRefusals.sum();
    }

    @Override
    public InetSocketAddress start() throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("server already started");
        }
        SslContext ssl = TlsSupport.serverContext(config.tls());
        bossGroup = Transport.group("skiff-server-boss", 1);
        ioGroup = Transport.group("skiff-server-io", config.ioThreads());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (config.idleTimeoutMs() > 0) {
                            ch.pipeline()
                                    .addLast(
                                            "idle",
                                            new IdleStateHandler(0, 0, config.idleTimeoutMs(), TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline()
                                // Responses written while a read is in progress (requests answered
                                // on the I/O thread) share one flush at the end of the read.
                                .addLast("flush", new FlushConsolidationHandler(FLUSHES_PER_WRITE_MAX, false))
                                .addLast("decoder", new FrameDecoder(frameLimits))
                                .addLast("encoder", encoder)
                                .addLast("handler", inbound);
                        TlsSupport.installServer(
                                ch.pipeline(), ssl, config.tls().mode(), tlsRefusals);
                    }
                });
        try {
            serverChannel = bootstrap
                    .bind(new InetSocketAddress(config.bindHost(), config.port()))
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdown();
            throw e;
        }
        LOG.info(
                "remoting server listening on {} (tls.server.mode={})",
                serverChannel.localAddress(),
                config.tls().mode().officialName());
        return localAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("server not started");
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /** Open connections right now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Responses that matched no pending call (arrived after their timeout). */
    public long lateResponseCount() {
        return endpoint.lateResponses.sum();
    }

    /** Connections closed because of a malformed or oversized frame. */
    public long malformedFrameCount() {
        return endpoint.malformedFrames.sum();
    }

    /**
     * The server's frame limits and their counters: bytes held in partial frames now, connections
     * closed for a partial frame past the budget or for a frame that missed its deadline.
     */
    public FrameLimits frameLimits() {
        return frameLimits;
    }

    @Override
    public RpcLatency rpcLatency() {
        return endpoint.rpcLatency();
    }

    /** Connections the TLS mode refused (plain ones when enforcing, TLS ones when disabled). */
    public TlsRefusals tlsRefusals() {
        return tlsRefusals;
    }

    /** Requests answered SYSTEM_BUSY because their executor refused them. */
    public long rejectedRequestCount() {
        return endpoint.rejectedRequests.sum();
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().awaitUninterruptibly(SHUTDOWN_STEP_MAX_MS);
        }
        if (config.shutdownGoAway()) {
            endpoint.startGoingAway();
            try {
                endpoint.awaitRunningTasks(GO_AWAY_DRAIN_MAX_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.close().awaitUninterruptibly(SHUTDOWN_STEP_MAX_MS);
        if (bossGroup != null) {
            Transport.shutdown(bossGroup, SHUTDOWN_STEP_MAX_MS);
        }
        if (ioGroup != null) {
            Transport.shutdown(ioGroup, SHUTDOWN_STEP_MAX_MS);
        }
        endpoint.shutdownExecutors(SHUTDOWN_STEP_MAX_MS);
    }
}
