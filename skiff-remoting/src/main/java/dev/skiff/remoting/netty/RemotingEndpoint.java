package dev.skiff.remoting.netty;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.log.RateLimitedLog;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RequestGuard;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.RpcHook;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.codec.FrameEncoder;
import dev.skiff.remoting.protocol.HeaderException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RemotingVersion;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request/response core shared by server and client: sends requests and matches responses by
 * opaque (per channel), dispatches received requests to processors on their executors, and
 * delivers connection events in order on one event thread. I/O threads decode, look up and hand
 * off; the only processor code they run is a processor's own non-blocking fast path ({@link
 * RequestProcessor#processInline}); async callbacks and listeners never run on them.
 */
final class RemotingEndpoint {
    static final String OVERLOAD_REMARK = "[OVERLOAD]system busy, start flow control for a while";
    private static final Logger LOG = LoggerFactory.getLogger(RemotingEndpoint.class);
    private static final AttributeKey<NettyRemotingChannel> CHANNEL = AttributeKey.valueOf("skiff.remoting.channel");
    private static final int EVENT_QUEUE_MAX = 10_000;

    private record Registration(RequestProcessor processor, Executor executor) {}

    private final String name;
    private final SerializeType serializeType;
    private final int frameMaxBytes;
    private final ExecutorService callbackExecutor;
    private final ExecutorService eventExecutor;
    private final Map<Integer, Registration> processors = new ConcurrentHashMap<>();
    private volatile Registration defaultProcessor;
    private volatile RequestGuard guard = RequestGuard.ALLOW_ALL;
    private final List<RpcHook> hooks = new CopyOnWriteArrayList<>();
    private final List<ChannelEventListener> listeners = new CopyOnWriteArrayList<>();
    private final RateLimitedLog errorLog;
    private final AtomicInteger runningTasks = new AtomicInteger();
    private volatile boolean goingAway;

    private final RpcLatency rpcLatency = new RpcLatency();
    final LongAdder lateResponses = new LongAdder();
    final LongAdder malformedFrames = new LongAdder();
    final LongAdder rejectedRequests = new LongAdder();
    final LongAdder droppedEvents = new LongAdder();
    final LongAdder guardRefusals = new LongAdder();

    RemotingEndpoint(String name, SerializeType serializeType, int frameMaxBytes, int callbackThreads) {
        this.name = name;
        this.serializeType = serializeType;
        this.frameMaxBytes = frameMaxBytes;
        this.callbackExecutor = BoundedExecutors.fixed(name + "-callback", callbackThreads, 65_536);
        this.eventExecutor = BoundedExecutors.fixed(name + "-events", 1, EVENT_QUEUE_MAX);
        this.errorLog = new RateLimitedLog(LOG, SkiffClock.system(), 10_000);
    }

    // ---- registration

    void registerProcessor(int code, RequestProcessor processor, ExecutorService executor) {
        processors.put(code, new Registration(requireProcessor(processor), executorOrCallback(executor)));
    }

    void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        defaultProcessor = new Registration(requireProcessor(processor), executorOrCallback(executor));
    }

    private static RequestProcessor requireProcessor(RequestProcessor processor) {
        if (processor == null) {
            throw new IllegalArgumentException("processor is required");
        }
        return processor;
    }

    private Executor executorOrCallback(ExecutorService executor) {
        return executor != null ? executor : callbackExecutor;
    }

    void setRequestGuard(RequestGuard guard) {
        if (guard == null) {
            throw new IllegalArgumentException("guard is required (RequestGuard.ALLOW_ALL lets everything through)");
        }
        this.guard = guard;
    }

    void addRpcHook(RpcHook hook) {
        hooks.add(hook);
    }

    void addListener(ChannelEventListener listener) {
        listeners.add(listener);
    }

    SerializeType serializeType() {
        return serializeType;
    }

    int frameMaxBytes() {
        return frameMaxBytes;
    }

    // ---- channels and events

    NettyRemotingChannel attach(Channel channel) {
        NettyRemotingChannel known = channel.attr(CHANNEL).get();
        if (known != null) {
            return known; // every read after the first: no wrapper, no address string per command
        }
        NettyRemotingChannel wrapped = new NettyRemotingChannel(channel, this);
        NettyRemotingChannel existing = channel.attr(CHANNEL).setIfAbsent(wrapped);
        return existing != null ? existing : wrapped;
    }

    static NettyRemotingChannel channelOf(Channel channel) {
        return channel.attr(CHANNEL).get();
    }

    void fireEvent(NettyRemotingChannel channel, Consumer<ChannelEventListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            eventExecutor.execute(() -> {
                for (ChannelEventListener listener : listeners) {
                    try {
                        event.accept(listener);
                    } catch (RuntimeException e) {
                        errorLog.warn("channel event listener failed on {}: {}", channel, e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            droppedEvents.increment();
        }
    }

    /** The channel is gone: fail every call still waiting on it at once. */
    void channelClosed(NettyRemotingChannel channel) {
        channel.closed = true;
        for (Integer opaque : channel.pending.keySet()) {
            PendingCall call = channel.pending.remove(opaque);
            if (call != null) {
                call.cancelTimeout();
                fail(
                        call,
                        new RemotingException(channel.remoteAddress(), "connection closed before the response", null));
            }
        }
    }

    // ---- outgoing requests

    CompletableFuture<RemotingCommand> invokeAsync(
            NettyRemotingChannel channel, RemotingCommand request, long timeoutMs) {
        PendingCall call = send(channel, request, timeoutMs, false);
        return call.future;
    }

    RemotingCommand invokeSync(NettyRemotingChannel channel, RemotingCommand request, long timeoutMs)
            throws RemotingException, InterruptedException {
        if (channel.channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("invokeSync on an I/O thread would block it");
        }
        PendingCall call = send(channel, request, timeoutMs, true);
        RemotingCommand response = await(channel, call);
        runAfterHooks(channel, request, response);
        return response;
    }

    private RemotingCommand await(NettyRemotingChannel channel, PendingCall call)
            throws RemotingException, InterruptedException {
        try {
            // The call times itself out; the extra second only guards against a stuck event loop.
            return call.future.get(call.timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException re) {
                throw re;
            }
            throw new RemotingException(channel.remoteAddress(), "call failed", e.getCause());
        } catch (TimeoutException e) {
            channel.pending.remove(call.request.opaque(), call);
            throw new RemotingException.TimeoutException(channel.remoteAddress(), call.timeoutMs);
        } catch (InterruptedException e) {
            channel.pending.remove(call.request.opaque(), call);
            throw e;
        }
    }

    CompletableFuture<Void> invokeOneway(NettyRemotingChannel channel, RemotingCommand request) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        ByteBuf frame;
        try {
            request.markOneway();
            runBeforeHooks(channel, request);
            frame = FrameEncoder.encode(channel.channel.alloc(), request, serializeType, frameMaxBytes);
        } catch (RuntimeException e) {
            written.completeExceptionally(new RemotingException.SendException(channel.remoteAddress(), e));
            return written;
        }
        channel.channel.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(new RemotingException.SendException(channel.remoteAddress(), f.cause()));
            }
        });
        return written;
    }

    private PendingCall send(NettyRemotingChannel channel, RemotingCommand request, long timeoutMs, boolean sync) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive: " + timeoutMs);
        }
        PendingCall call = new PendingCall(request, timeoutMs, sync);
        int opaque = request.opaque();
        ByteBuf frame;
        try {
            runBeforeHooks(channel, request);
            frame = FrameEncoder.encode(channel.channel.alloc(), request, serializeType, frameMaxBytes);
        } catch (RuntimeException e) {
            fail(call, new RemotingException.SendException(channel.remoteAddress(), e));
            return call;
        }
        if (channel.pending.putIfAbsent(opaque, call) != null) {
            frame.release();
            fail(
                    call,
                    new RemotingException.SendException(
                            channel.remoteAddress(),
                            new IllegalStateException("opaque " + opaque + " already in flight")));
            return call;
        }
        if (channel.closed) {
            frame.release();
            if (channel.pending.remove(opaque, call)) {
                fail(
                        call,
                        new RemotingException.SendException(
                                channel.remoteAddress(), new IllegalStateException("connection closed")));
            }
            return call;
        }
        call.timeout = channel.channel
                .eventLoop()
                .schedule(
                        () -> {
                            if (channel.pending.remove(opaque, call)) {
                                fail(call, new RemotingException.TimeoutException(channel.remoteAddress(), timeoutMs));
                            }
                        },
                        timeoutMs,
                        TimeUnit.MILLISECONDS);
        channel.channel.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess() && channel.pending.remove(opaque, call)) {
                call.cancelTimeout();
                fail(call, new RemotingException.SendException(channel.remoteAddress(), f.cause()));
            }
        });
        return call;
    }

    private void runBeforeHooks(NettyRemotingChannel channel, RemotingCommand request) {
        for (RpcHook hook : hooks) {
            hook.beforeRequest(channel.remoteAddress(), request);
        }
    }

    private void runAfterHooks(NettyRemotingChannel channel, RemotingCommand request, RemotingCommand response) {
        for (RpcHook hook : hooks) {
            hook.afterResponse(channel.remoteAddress(), request, response);
        }
    }

    private void fail(PendingCall call, Throwable cause) {
        if (call.sync) {
            call.future.completeExceptionally(cause);
            return;
        }
        try {
            callbackExecutor.execute(() -> call.future.completeExceptionally(cause));
        } catch (RejectedExecutionException e) {
            call.future.completeExceptionally(cause);
        }
    }

    // ---- incoming commands (on the I/O thread)

    void onCommand(NettyRemotingChannel channel, RemotingCommand cmd) {
        if (cmd.isResponse()) {
            onResponse(channel, cmd);
        } else {
            onRequest(channel, cmd);
        }
    }

    private void onResponse(NettyRemotingChannel channel, RemotingCommand response) {
        PendingCall call = channel.pending.remove(response.opaque());
        if (call == null) {
            lateResponses.increment();
            return;
        }
        call.cancelTimeout();
        if (call.sync) {
            call.future.complete(response);
            return;
        }
        Runnable complete = () -> {
            try {
                runAfterHooks(channel, call.request, response);
            } catch (RuntimeException e) {
                call.future.completeExceptionally(e);
                return;
            }
            call.future.complete(response);
        };
        try {
            callbackExecutor.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }

    private void onRequest(NettyRemotingChannel channel, RemotingCommand request) {
        channel.recordPeer(request.language(), request.version());
        InboundRequest ctx = new InboundRequest(this, channel, request);
        if (goingAway && request.version() > RemotingVersion.V5_3_1) {
            ctx.tryRespond(RemotingCommand.response(ResponseCode.GO_AWAY, "please go away"));
            return;
        }
        if (refusedByGuard(channel, ctx, request)) {
            return;
        }
        Registration registration = processors.get(request.code());
        if (registration == null) {
            registration = defaultProcessor;
        }
        if (registration == null) {
            ctx.tryRespond(RemotingCommand.notSupported(request.code()));
            return;
        }
        RequestProcessor processor = registration.processor();
        if (processedInline(processor, ctx, request)) {
            return;
        }
        try {
            runningTasks.incrementAndGet();
            registration.executor().execute(() -> process(processor, ctx, request));
        } catch (RejectedExecutionException e) {
            runningTasks.decrementAndGet();
            rejectedRequests.increment();
            ctx.tryRespond(RemotingCommand.response(ResponseCode.SYSTEM_BUSY, OVERLOAD_REMARK));
        } catch (RuntimeException e) { // the executor broke rather than refused
            runningTasks.decrementAndGet();
            errorLog.warn("request code {} could not be handed to its processor: {}", request.code(), e.toString());
            ctx.dispatchFailed(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, summary(e)));
        }
    }

    /** Runs the request guard; true when it refused the request (the refusal is sent). */
    private boolean refusedByGuard(NettyRemotingChannel channel, InboundRequest ctx, RemotingCommand request) {
        RemotingCommand refusal;
        try {
            refusal = guard.check(channel, request);
        } catch (RuntimeException e) {
            errorLog.warn("request guard failed on code {}: {}", request.code(), e.toString());
            refusal = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "request check failed: " + summary(e));
        }
        if (refusal == null) {
            return false;
        }
        guardRefusals.increment();
        ctx.tryRespond(refusal);
        return true;
    }

    /** The processor's non-blocking fast path, on the I/O thread; false sends the request on. */
    private boolean processedInline(RequestProcessor processor, InboundRequest ctx, RemotingCommand request) {
        try {
            return processor.processInline(ctx, request);
        } catch (HeaderException e) {
            ctx.tryRespond(RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage()));
        } catch (Exception e) {
            errorLog.warn("inline processor for code {} failed: {}", request.code(), e.toString());
            ctx.tryRespond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, summary(e)));
        }
        return true;
    }

    private void process(RequestProcessor processor, InboundRequest ctx, RemotingCommand request) {
        try {
            processor.process(ctx, request);
        } catch (HeaderException e) {
            ctx.tryRespond(RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage()));
        } catch (Throwable e) {
            errorLog.warn("processor for code {} failed: {}", request.code(), e.toString());
            ctx.tryRespond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, summary(e)));
        } finally {
            runningTasks.decrementAndGet();
        }
    }

    static String summary(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= 256 ? text : text.substring(0, 256) + "...";
    }

    /**
     * Writes {@code response}; when it cannot be encoded, a SYSTEM_ERROR answer goes instead and
     * {@code written} is told so before the write (its latency is then counted under that code).
     */
    void writeResponse(NettyRemotingChannel channel, RemotingCommand response, InboundRequest written) {
        ByteBuf frame;
        try {
            frame = FrameEncoder.encode(channel.channel.alloc(), response, serializeType, frameMaxBytes);
        } catch (RuntimeException e) {
            errorLog.warn("cannot encode response to {}: {}", channel, e.toString());
            RemotingCommand error = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, summary(e))
                    .markResponseTo(response.opaque());
            frame = FrameEncoder.encode(channel.channel.alloc(), error, serializeType, frameMaxBytes);
            written.answeredWith(error.code());
        }
        channel.channel.writeAndFlush(frame).addListener(written);
    }

    void responseNotWritten(NettyRemotingChannel channel, Throwable cause) {
        errorLog.warn("response to {} not written: {}", channel, String.valueOf(cause));
    }

    RpcLatency rpcLatency() {
        return rpcLatency;
    }

    long nowNs() {
        return SkiffClock.system().monotonicNs();
    }

    // ---- shutdown

    /** From now on requests from peers that understand it get GO_AWAY. */
    void startGoingAway() {
        goingAway = true;
    }

    /** Waits up to {@code maxMs} for processor tasks that are running or queued to finish. */
    void awaitRunningTasks(long maxMs) throws InterruptedException {
        long deadline = SkiffClock.system().monotonicNs() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        while (runningTasks.get() > 0 && SkiffClock.system().monotonicNs() - deadline < 0) {
            Thread.sleep(10);
        }
    }

    void shutdownExecutors(long maxMs) {
        callbackExecutor.shutdown();
        eventExecutor.shutdown();
        try {
            long half = Math.max(1, maxMs / 2);
            callbackExecutor.awaitTermination(half, TimeUnit.MILLISECONDS);
            eventExecutor.awaitTermination(half, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbackExecutor.shutdownNow();
        eventExecutor.shutdownNow();
    }

    @Override
    public String toString() {
        return name;
    }
}
