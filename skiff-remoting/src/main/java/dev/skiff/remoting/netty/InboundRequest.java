package dev.skiff.remoting.netty;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link RequestContext} of one received request: answers it at most once, from any thread. */
final class InboundRequest implements RequestContext {
    private final RemotingEndpoint endpoint;
    private final NettyRemotingChannel channel;
    private final int opaque;
    private final boolean oneway;
    private final AtomicBoolean responded = new AtomicBoolean();

    InboundRequest(RemotingEndpoint endpoint, NettyRemotingChannel channel, RemotingCommand request) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.opaque = request.opaque();
        this.oneway = request.isOneway();
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
        if (oneway || !responded.compareAndSet(false, true)) {
            if (response.bodyBuf() != null) {
                response.bodyBuf().release();
            }
            return false;
        }
        response.markResponseTo(opaque);
        endpoint.writeResponse(channel, response);
        return true;
    }

    boolean responded() {
        return responded.get();
    }
}
