package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

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
 * JSON. The header is written straight into one pooled buffer, together with a {@code byte[]}
 * body; a {@link RemotingCommand#bodyBuf()} body is not copied but joined in a {@link
 * CompositeByteBuf}. The body buffer is owned from the call on: it ends up in the returned frame,
 * or is released if encoding fails. Stateless and thread-safe, so callers may encode on their own
 * thread and hand the I/O thread a finished buffer.
 */
public final class FrameEncoder {

    private FrameEncoder() {}

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
            if (type == SerializeType.JSON) {
                JsonHeaderWriter.write(cmd, type, out);
            } else {
                BinaryHeaderCodec.write(cmd, out);
            }
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
