package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Encodes a command into one frame:
 *
 * <pre>
 * +----------------+------------------------+--------+------+
 * | L (4 bytes)    | type:8 | headerLen:24  | header | body |
 * +----------------+------------------------+--------+------+
 * L = 4 + headerLen + bodyLen
 * </pre>
 *
 * The header type is the command's own {@link RemotingCommand#serializeType()} when set, else the
 * given default; a command whose code or version does not fit the binary layout is written as
 * JSON. The header is first written into a per-thread heap buffer and then copied into the
 * frame's pooled direct buffer in one piece: the writers emit it a byte or a short run at a time,
 * and each such write to a direct buffer goes through the JDK's checked buffer access when Netty
 * may not use {@code sun.misc.Unsafe} (its default on JDK 24 and later), while a heap write is an
 * array store. The frame's buffer also takes a {@code byte[]} body; a {@link
 * RemotingCommand#bodyBuf()} body is not copied but joined in a {@link CompositeByteBuf}. The body
 * buffer is owned from the call on: it ends up in the returned frame, or is released if encoding
 * fails. Stateless and thread-safe, so callers may encode on their own thread and hand the I/O
 * thread a finished buffer.
 */
public final class FrameEncoder {

    /** A per-thread header scratch that grew past this for an unusual header is dropped after it. */
    static final int SCRATCH_KEEP_MAX_BYTES = 64 * 1024;

    private static final int SCRATCH_INITIAL_BYTES = 1024;
    private static final ThreadLocal<ByteBuf> HEADER_SCRATCH =
            ThreadLocal.withInitial(() -> Unpooled.buffer(SCRATCH_INITIAL_BYTES));

    private FrameEncoder() {}

    private static void writeHeader(RemotingCommand cmd, SerializeType type, ByteBuf out) {
        ByteBuf scratch = HEADER_SCRATCH.get();
        scratch.clear();
        try {
            if (type == SerializeType.JSON) {
                JsonHeaderWriter.write(cmd, type, scratch);
            } else {
                BinaryHeaderCodec.write(cmd, scratch);
            }
            out.writeBytes(scratch, scratch.readerIndex(), scratch.readableBytes());
        } finally {
            if (scratch.capacity() > SCRATCH_KEEP_MAX_BYTES) {
                HEADER_SCRATCH.remove(); // a rare large header: do not keep its buffer for the thread's life
            }
        }
    }

    /**
     * Returns the encoded frame.
     *
     * @throws IllegalArgumentException if the frame would exceed {@code frameMaxBytes} (including
     *     its length field) or a header part cannot be expressed; the body buffer is released then
     */
    public static ByteBuf encode(
            ByteBufAllocator alloc, RemotingCommand cmd, SerializeType defaultType, int frameMaxBytes) {
        ByteBuf bodyBuf = cmd.bodyBuf();
        byte[] body = cmd.body();
        ByteBuf out = null;
        boolean done = false;
        try {
            SerializeType type = cmd.serializeType() != null ? cmd.serializeType() : defaultType;
            if (type == SerializeType.ROCKETMQ && !BinaryHeaderCodec.canEncode(cmd)) {
                type = SerializeType.JSON;
            }
            int bodyLength = cmd.bodyLength();
            int headerEstimate = type == SerializeType.JSON
                    ? JsonHeaderWriter.estimateSize(cmd)
                    : JsonHeaderWriter.estimateSize(cmd) / 2 + BinaryHeaderCodec.FIXED_BYTES;
            out = alloc.ioBuffer(8 + headerEstimate + (body == null ? 0 : body.length));
            int start = out.writerIndex();
            out.writeLong(0);
            writeHeader(cmd, type, out);
            int headerLength = out.writerIndex() - start - 8;
            long frameLength = 4L + headerLength + bodyLength;
            if (headerLength > 0xFFFFFF || frameLength + 4 > frameMaxBytes) {
                throw new IllegalArgumentException("frame of " + (frameLength + 4) + " bytes (header " + headerLength
                        + ") exceeds the limit of " + frameMaxBytes + " bytes");
            }
            out.setInt(start, (int) frameLength);
            out.setInt(start + 4, (type.code() << 24) | headerLength);
            if (body != null) {
                out.writeBytes(body);
            }
            ByteBuf frame = out;
            if (bodyBuf != null && bodyBuf.isReadable()) {
                CompositeByteBuf composite = alloc.compositeDirectBuffer(2);
                composite.addComponents(true, out, bodyBuf);
                frame = composite;
            } else if (bodyBuf != null) {
                bodyBuf.release();
            }
            done = true;
            return frame;
        } finally {
            if (!done) {
                if (out != null) {
                    out.release();
                }
                if (bodyBuf != null && bodyBuf.refCnt() > 0) {
                    bodyBuf.release();
                }
            }
        }
    }
}
