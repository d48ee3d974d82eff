package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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
 *
 * <p>The server-wide {@link FrameLimits} add two bounds over time and over connections: a frame
 * still incomplete after a read reserves its {@code L + 4} bytes from the shared partial-frame
 * budget (refused: the connection closes), and must complete within the frame deadline counted
 * from the read that brought its first byte (missed: the connection closes). The deadline is one
 * scheduled check per connection at a time, re-armed lazily for the frame then in progress.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final long NONE = Long.MIN_VALUE;

    private final FrameLimits limits;
    private final int frameMaxBytes;
    private final CommandDecoder commands = new CommandDecoder();
    private boolean broken;
    /** The connection is closed: what is left is decoded, but nothing reserved or scheduled. */
    private boolean inactive;
    /** Bytes this connection holds in the shared budget for the frame in progress; 0 = none. */
    private long reservedBytes;
    /** Monotonic time of the read that brought the first byte of the frame in progress. */
    private long partialSinceNs = NONE;

    private Future<?> deadlineCheck;

    /**
     * A decoder with only the frame-size bound (no budget, no deadline).
     *
     * @param frameMaxBytes largest frame accepted, including its 4-byte length field
     * @param malformedFrames incremented once per connection closed for a bad frame
     */
    public FrameDecoder(int frameMaxBytes, LongAdder malformedFrames) {
        this(FrameLimits.sizeOnly(frameMaxBytes, malformedFrames));
    }

    /** A decoder bound by {@code limits}, which the server's connections share. */
    public FrameDecoder(FrameLimits limits) {
        this.limits = limits;
        this.frameMaxBytes = limits.frameMaxBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int readable = in.readableBytes();
        if (readable < 4) {
            framePending(ctx);
            return;
        }
        int start = in.readerIndex();
        int frameLength = in.getInt(start);
        if (frameLength < 4 || frameLength > frameMaxBytes - 4) {
            malformed(ctx, in, "frame length " + frameLength + " outside [4, " + (frameMaxBytes - 4) + "]");
            return;
        }
        if (readable >= 8) {
            int word = in.getInt(start + 4);
            if (SerializeType.fromCode(word >>> 24) == null) {
                malformed(ctx, in, "unknown serialize type " + (word >>> 24));
                return;
            }
            if ((word & 0xFFFFFF) > frameLength - 4) {
                malformed(ctx, in, "header length " + (word & 0xFFFFFF) + " exceeds frame length " + frameLength);
                return;
            }
        }
        if (readable - 4 < frameLength) {
            framePending(ctx);
            if (!broken && !inactive && reservedBytes == 0) {
                reserve(ctx, in, 4L + frameLength);
            }
            return;
        }
        frameDone();
        try {
            out.add(commands.decode(in, start + 4, frameLength));
        } catch (MalformedFrameException e) {
            malformed(ctx, in, e.getMessage());
            return;
        }
        in.skipBytes(4 + frameLength);
    }

    // ---- partial frames: budget and deadline

    private void framePending(ChannelHandlerContext ctx) {
        if (partialSinceNs != NONE || inactive) {
            return;
        }
        partialSinceNs = limits.clock().monotonicNs();
        if (limits.frameDeadlineMs() > 0 && deadlineCheck == null) {
            scheduleDeadlineCheck(ctx, TimeUnit.MILLISECONDS.toNanos(limits.frameDeadlineMs()));
        }
    }

    private void reserve(ChannelHandlerContext ctx, ByteBuf in, long frameBytes) {
        if (limits.tryReserve(frameBytes)) {
            reservedBytes = frameBytes;
            return;
        }
        limits.onRefused(ctx.channel().remoteAddress(), frameBytes);
        close(ctx, in);
    }

    /** The frame in progress is complete (or abandoned): give back its reservation. */
    private void frameDone() {
        partialSinceNs = NONE;
        if (reservedBytes != 0) {
            limits.release(reservedBytes);
            reservedBytes = 0;
        }
    }

    private void scheduleDeadlineCheck(ChannelHandlerContext ctx, long delayNs) {
        deadlineCheck = ctx.executor().schedule(() -> checkDeadline(ctx), delayNs, TimeUnit.NANOSECONDS);
    }

    /** Runs on the connection's event loop, so it sees the decoder's fields as they are. */
    private void checkDeadline(ChannelHandlerContext ctx) {
        deadlineCheck = null;
        if (broken || partialSinceNs == NONE || ctx.isRemoved()) {
            return; // no frame in progress: the next partial frame arms a new check
        }
        long waitedNs = limits.clock().monotonicNs() - partialSinceNs;
        long leftNs = TimeUnit.MILLISECONDS.toNanos(limits.frameDeadlineMs()) - waitedNs;
        if (leftNs > 0) {
            scheduleDeadlineCheck(ctx, leftNs); // a later frame: wait for its own deadline
            return;
        }
        limits.onExpired(ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(waitedNs));
        ByteBuf held = internalBuffer();
        close(ctx, held);
    }

    // ---- closing

    private void malformed(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        limits.onMalformed(ctx.channel().remoteAddress(), reason);
        close(ctx, in);
    }

    private void close(ChannelHandlerContext ctx, ByteBuf in) {
        broken = true;
        in.skipBytes(in.readableBytes());
        frameDone();
        cancelDeadlineCheck();
        ctx.close();
    }

    private void cancelDeadlineCheck() {
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
            deadlineCheck = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        frameDone();
        cancelDeadlineCheck();
    }

    /** Gives the reservation back before later handlers hear of the close. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        inactive = true;
        frameDone();
        cancelDeadlineCheck();
        super.channelInactive(ctx);
    }
}
