package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Pipeline encoder: turns a written {@link RemotingCommand} into a frame with {@link
 * FrameEncoder}; finished {@link ByteBuf} frames pass through untouched. When encoding fails the
 * write's promise fails and the command's body buffer is released. Sharable: it holds only
 * configuration.
 *
 * <p>Note that a {@code RemotingCommand} whose write never reaches this handler (the channel
 * closed first) keeps its body buffer; the transport therefore encodes commands with a body
 * buffer itself and writes the finished frame.
 */
@ChannelHandler.Sharable
public final class CommandEncoder extends ChannelOutboundHandlerAdapter {
    private final SerializeType defaultType;
    private final int frameMaxBytes;

    public CommandEncoder(SerializeType defaultType, int frameMaxBytes) {
        this.defaultType = defaultType;
        this.frameMaxBytes = frameMaxBytes;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof RemotingCommand cmd)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf frame;
        try {
            frame = FrameEncoder.encode(ctx.alloc(), cmd, defaultType, frameMaxBytes);
        } catch (RuntimeException e) {
            promise.setFailure(e);
            return;
        }
        ctx.write(frame, promise);
    }
}
