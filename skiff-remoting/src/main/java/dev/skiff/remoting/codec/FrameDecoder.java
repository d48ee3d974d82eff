package dev.skiff.remoting.codec;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into frames and decodes each into a {@link
 * dev.skiff.remoting.protocol.RemotingCommand}.
 *
 * <pre>
 * +----------------+------------------------+--------+------+
 * | L (4 bytes)    | type:8 | headerLen:24  | header | body |
 * +----------------+------------------------+--------+------+
 *                  |&lt;-------------------- L bytes ---------------&gt;|
 * </pre>
 *
 * <p>Bounds come first: {@code 4 <= L} and {@code L + 4 <= frameMaxBytes}, checked as soon as the
 * length arrives; the serialize type and {@code headerLen <= L - 4}, checked as soon as the
 * header-length word arrives. Nothing is allocated from a length before it is checked, so the
 * cumulated input never exceeds one frame plus one socket read. A malformed or oversized frame
 * closes this connection: one rate-limited log line, a counter, no exception in the pipeline, and
 * every later byte is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);
    private static final RateLimitedLog BAD_FRAME_LOG = new RateLimitedLog(LOG, SkiffClock.system(), 10_000);

    private final int frameMaxBytes;
    private final LongAdder malformedFrames;
    private final CommandDecoder commands = new CommandDecoder();
    private boolean broken;

    /**
     * @param frameMaxBytes largest frame accepted, including its 4-byte length field
     * @param malformedFrames incremented once per connection closed for a bad frame
     */
    public FrameDecoder(int frameMaxBytes, LongAdder malformedFrames) {
        if (frameMaxBytes < 12) {
            throw new IllegalArgumentException("frameMaxBytes too small: " + frameMaxBytes);
        }
        this.frameMaxBytes = frameMaxBytes;
        this.malformedFrames = malformedFrames;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int readable = in.readableBytes();
        if (readable < 4) {
            return;
        }
        int start = in.readerIndex();
        int frameLength = in.getInt(start);
        if (frameLength < 4 || frameLength > frameMaxBytes - 4) {
            fail(ctx, in, "frame length " + frameLength + " outside [4, " + (frameMaxBytes - 4) + "]");
            return;
        }
        if (readable >= 8) {
            int word = in.getInt(start + 4);
            if (SerializeType.fromCode(word >>> 24) == null) {
                fail(ctx, in, "unknown serialize type " + (word >>> 24));
                return;
            }
            if ((word & 0xFFFFFF) > frameLength - 4) {
                fail(ctx, in, "header length " + (word & 0xFFFFFF) + " exceeds frame length " + frameLength);
                return;
            }
        }
        if (readable - 4 < frameLength) {
            return;
        }
        try {
            out.add(commands.decode(in, start + 4, frameLength));
        } catch (MalformedFrameException e) {
            fail(ctx, in, e.getMessage());
            return;
        }
        in.skipBytes(4 + frameLength);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        broken = true;
        in.skipBytes(in.readableBytes());
        if (malformedFrames != null) {
            malformedFrames.increment();
        }
        BAD_FRAME_LOG.warn(
                "closing connection {}: malformed frame: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }
}
