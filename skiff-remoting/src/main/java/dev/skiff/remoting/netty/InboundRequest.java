package dev.skiff.remoting.netty;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link RequestContext} of one received request: answers it at most once, from any thread.
 * It is also the listener of its response's write, which records the request's latency in the
 * endpoint's {@link RpcLatency} (so timing a request allocates nothing beyond this object).
 */
final class InboundRequest implements RequestContext, ChannelFutureListener {
    private final RemotingEndpoint endpoint;
    private final NettyRemotingChannel channel;
    private final int opaque;
    private final int requestCode;
    private final boolean oneway;
    private final long arrivedNs;
    private final AtomicBoolean responded = new AtomicBoolean();
    private volatile boolean longPolling;
    /** The code of the response written; set before the write, read by its listener. */
    private int responseCode;
    /** Whether this request's latency was counted already (a dispatch failure), so the answer's write is not. */
    private boolean counted;

    InboundRequest(RemotingEndpoint endpoint, NettyRemotingChannel channel, RemotingCommand request) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.opaque = request.opaque();
        this.requestCode = request.code();
        this.oneway = request.isOneway();
        this.arrivedNs = endpoint.nowNs();
    }

    @Override
    public void markLongPolling() {
        longPolling = true;
    }

    @Override
    public RemotingChannel channel() {
        return channel;
    }

    @Override
    public boolean isOneway() {
        return oneway;
    }

    @Override
    public void respond(RemotingCommand response) {
        if (!tryRespond(response)) {
            if (!oneway) {
                throw new IllegalStateException("request " + opaque + " was already answered");
            }
        }
    }

    /** Sends {@code response} unless one was sent already; returns whether it was sent. */
    boolean tryRespond(RemotingCommand response) {
        boolean first = responded.compareAndSet(false, true);
        if (oneway || !first) {
            if (response.bodyBuf() != null) {
                response.bodyBuf().release();
            }
            if (oneway && first && !counted) {
                record(response.code(), RpcLatency.Result.ONEWAY);
            }
            return false;
        }
        response.markResponseTo(opaque);
        responseCode = response.code();
        endpoint.writeResponse(channel, response, this);
        return true;
    }

    /**
     * The request could not be handed to its processor: counted as the official broker counts it
     * ({@code result="process_request_failed"}, no response code), then answered with {@code
     * error} (which is not counted again) so the client need not wait for its timeout.
     */
    void dispatchFailed(RemotingCommand error) {
        record(RpcLatency.NO_RESPONSE, RpcLatency.Result.PROCESS_REQUEST_FAILED);
        counted = true;
        tryRespond(error);
    }

    /** The response could not be encoded and {@code code} was written instead. */
    void answeredWith(int code) {
        responseCode = code;
    }

    /** The response's write finished: counts the request's latency with the write's result. */
    @Override
    public void operationComplete(ChannelFuture future) {
        RpcLatency.Result result;
        if (future.isSuccess()) {
            result = RpcLatency.Result.SUCCESS;
        } else if (future.isCancelled()) {
            result = RpcLatency.Result.CANCELLED;
        } else {
            result = RpcLatency.Result.WRITE_CHANNEL_FAILED;
            endpoint.responseNotWritten(channel, future.cause());
        }
        if (!counted) {
            record(responseCode, result);
        }
    }

    private void record(int code, RpcLatency.Result result) {
        endpoint.rpcLatency().record(requestCode, code, longPolling, result, endpoint.nowNs() - arrivedNs);
    }

    boolean responded() {
        return responded.get();
    }
}
