package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;

/**
 * Decodes the inside of one frame (everything after the 4-byte total length) into a command,
 * reading whichever header encoding the top byte of the header-length word names:
 *
 * <pre>
 * +---------------+---------------------+-----------------+---------------------+
 * | type (1 byte) | header length (3 B) | header (H bytes)| body (L - 4 - H)    |
 * +---------------+---------------------+-----------------+---------------------+
 * </pre>
 *
 * The body becomes a {@code byte[]} ({@code null} when empty). One instance per connection; it
 * reuses a scratch array for headers that live in direct buffers, and a string cache.
 */
public final class CommandDecoder {
    private static final int SCRATCH_KEEP_MAX_BYTES = 64 * 1024;

    private final JsonHeaderReader json;
    private final BinaryHeaderCodec binary;
    private byte[] scratch = new byte[1024];

    public CommandDecoder() {
        StringCache cache = new StringCache();
        this.json = new JsonHeaderReader(cache);
        this.binary = new BinaryHeaderCodec(cache);
    }

    /**
     * Decodes a frame of {@code frameLength} bytes (the value of its length field) starting at
     * {@code index} in {@code buf}, which must hold all of it. Does not move the reader index.
     */
    public RemotingCommand decode(ByteBuf buf, int index, int frameLength) throws MalformedFrameException {
        if (frameLength < 4 || index < buf.readerIndex() || buf.writerIndex() - index < frameLength) {
            throw new MalformedFrameException("frame of " + frameLength + " bytes is incomplete or too short");
        }
        int word = buf.getInt(index);
        SerializeType type = SerializeType.fromCode(word >>> 24);
        int headerLength = word & 0xFFFFFF;
        if (type == null) {
            throw new MalformedFrameException("unknown serialize type " + (word >>> 24));
        }
        if (headerLength > frameLength - 4) {
            throw new MalformedFrameException(
                    "header length " + headerLength + " exceeds the frame (" + frameLength + ")");
        }
        int headerIndex = index + 4;
        byte[] bytes;
        int offset;
        if (buf.hasArray()) {
            bytes = buf.array();
            offset = buf.arrayOffset() + headerIndex;
        } else {
            bytes = scratchFor(headerLength);
            offset = 0;
            buf.getBytes(headerIndex, bytes, 0, headerLength);
        }
        RemotingCommand cmd;
        try {
            cmd = type == SerializeType.JSON
                    ? json.read(bytes, offset, headerLength)
                    : binary.read(bytes, offset, headerLength);
        } finally {
            if (scratch.length > SCRATCH_KEEP_MAX_BYTES) {
                scratch = new byte[1024];
            }
        }
        cmd.serializeType(type);
        int bodyLength = frameLength - 4 - headerLength;
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            buf.getBytes(headerIndex + headerLength, body);
            cmd.body(body);
        }
        return cmd;
    }

    private byte[] scratchFor(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }
}
