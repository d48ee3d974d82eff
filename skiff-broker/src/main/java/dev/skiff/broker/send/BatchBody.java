package dev.skiff.broker.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the body of {@code SEND_BATCH_MESSAGE} (protocol sheet 5.3): records back to back, each
 *
 * <pre>
 * | size | field                                  |
 * |  4   | total size of the record               |
 * |  4   | magic (ignored)                        |
 * |  4   | body CRC (ignored; the store computes) |
 * |  4   | flag                                   |
 * |  4   | body length n                          |
 * |  n   | body                                   |
 * |  2   | properties length m                    |
 * |  m   | properties, UTF-8                      |
 * </pre>
 *
 * Every length is checked against what remains before anything is allocated.
 */
final class BatchBody {
    static final int RECORD_HEADER_BYTES = 20;

    record Entry(int flag, byte[] body, String properties) {}

    private BatchBody() {}

    /**
     * @throws IllegalArgumentException naming what is wrong, for a malformed body or one with
     *     more than {@code messagesMax} records
     */
    static List<Entry> decode(byte[] bytes, int messagesMax) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Entry> entries = new ArrayList<>();
        while (buf.hasRemaining()) {
            if (entries.size() >= messagesMax) {
                throw new IllegalArgumentException("the batch holds more than " + messagesMax + " messages");
            }
            int start = buf.position();
            if (buf.remaining() < RECORD_HEADER_BYTES + 2) {
                throw new IllegalArgumentException("batch record " + entries.size() + " is truncated");
            }
            int total = buf.getInt();
            if (total < RECORD_HEADER_BYTES + 2 || total > buf.remaining() + 4) {
                throw new IllegalArgumentException("batch record " + entries.size() + " has a bad total size " + total);
            }
            buf.getInt(); // magic
            buf.getInt(); // body CRC
            int flag = buf.getInt();
            int bodyLength = buf.getInt();
            if (bodyLength < 0 || bodyLength > total - RECORD_HEADER_BYTES - 2) {
                throw new IllegalArgumentException(
                        "batch record " + entries.size() + " has a bad body length " + bodyLength);
            }
            byte[] body = new byte[bodyLength];
            buf.get(body);
            int propsLength = Short.toUnsignedInt(buf.getShort());
            if (propsLength != total - RECORD_HEADER_BYTES - 2 - bodyLength) {
                throw new IllegalArgumentException(
                        "batch record " + entries.size() + " has a properties length that does not match its size");
            }
            String props = new String(bytes, buf.position(), propsLength, StandardCharsets.UTF_8);
            buf.position(start + total);
            entries.add(new Entry(flag, body, props));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the batch is empty");
        }
        return entries;
    }
}
