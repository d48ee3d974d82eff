package dev.skiff.remoting.netty;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.log.RateLimitedLog;
import dev.skiff.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every connection: hands decoded commands to the endpoint, reports the
 * connection's life cycle, closes idle connections and connections that failed.
 */
@ChannelHandler.Sharable
final class InboundHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);
    private static final RateLimitedLog MEMORY_LOG = new RateLimitedLog(LOG, SkiffClock.system(), 10_000);

    private final RemotingEndpoint endpoint;

    InboundHandler(RemotingEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        NettyRemotingChannel channel = endpoint.attach(ctx.channel());
        endpoint.fireEvent(channel, listener -> listener.onConnect(channel));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettyRemotingChannel channel = endpoint.attach(ctx.channel());
        endpoint.channelClosed(channel);
        endpoint.fireEvent(channel, listener -> listener.onClose(channel));
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RemotingCommand cmd) {
            endpoint.onCommand(endpoint.attach(ctx.channel()), cmd);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            NettyRemotingChannel channel = endpoint.attach(ctx.channel());
            endpoint.fireEvent(channel, listener -> listener.onIdle(channel));
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        NettyRemotingChannel channel = endpoint.attach(ctx.channel());
        if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", channel, cause.toString());
        } else if (cause instanceof OutOfMemoryError) {
            // Netty's direct-memory limit: one line now and then, not a stack trace per read.
            MEMORY_LOG.warn("closing connection {}: out of memory: {}", channel, cause.toString());
        } else {
            LOG.warn("connection {} failed", channel, cause);
        }
        endpoint.fireEvent(channel, listener -> listener.onException(channel, cause));
        ctx.close();
    }
}
