package dev.skiff.bench.limits;

import dev.skiff.common.message.StoredRecordLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A pre-built run of stored message records (the byte layout of {@link StoredRecordLayout}, v1
 * magic, IPv4 hosts, no properties) that the null broker answers pulls with. Each answer is a
 * copy whose queue and physical offsets are rewritten to continue from the pulled offset, since
 * the official consumer keys its in-flight messages by queue offset.
 */
final class NullBrokerRecords {
    static final int RECORDS = 32;

    private final byte[] template;
    private final int recordBytes;

    NullBrokerRecords(String topic, int bodyBytes, int port) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > StoredRecordLayout.TOPIC_V1_MAX_BYTES) {
            throw new IllegalArgumentException("topic too long for a v1 record: " + topic);
        }
        recordBytes = (int) StoredRecordLayout.recordSize(0, bodyBytes, topicBytes.length, 0);
        byte[] body = new byte[bodyBytes];
        int crc = StoredRecordLayout.bodyCrc(body, 0, body.length);
        long now = System.currentTimeMillis();
        ByteBuffer one = ByteBuffer.allocate(recordBytes);
        one.putInt(recordBytes)
                .putInt(StoredRecordLayout.MAGIC_V1)
                .putInt(crc)
                .putInt(0) // queue id
                .putInt(0) // flag
                .putLong(0) // queue offset, rewritten per answer
                .putLong(0) // physical offset, rewritten per answer
                .putInt(0) // sys flag: IPv4 hosts
                .putLong(now) // born timestamp
                .put(new byte[] {127, 0, 0, 1})
                .putInt(port)
                .putLong(now) // store timestamp
                .put(new byte[] {127, 0, 0, 1})
                .putInt(port)
                .putInt(0) // reconsume times
                .putLong(0) // prepared transaction offset
                .putInt(bodyBytes)
                .put(body)
                .put((byte) topicBytes.length)
                .put(topicBytes)
                .putShort((short) 0);
        if (one.hasRemaining()) {
            throw new IllegalStateException("record layout and size disagree: " + one.remaining() + " bytes left");
        }
        template = new byte[recordBytes * RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            System.arraycopy(one.array(), 0, template, i * recordBytes, recordBytes);
        }
    }

    int recordBytes() {
        return recordBytes;
    }

    /** {@code count} (1..32) records numbered from {@code queueOffset} of queue {@code queueId}. */
    byte[] answer(int queueId, long queueOffset, int count) {
        int n = Math.clamp(count, 1, RECORDS);
        byte[] out = new byte[n * recordBytes];
        System.arraycopy(template, 0, out, 0, out.length);
        ByteBuffer buf = ByteBuffer.wrap(out);
        for (int i = 0; i < n; i++) {
            int at = i * recordBytes;
            buf.putInt(at + StoredRecordLayout.QUEUE_ID, queueId);
            buf.putLong(at + StoredRecordLayout.QUEUE_OFFSET, queueOffset + i);
            buf.putLong(
                    at + StoredRecordLayout.PHYSICAL_OFFSET, ((long) queueId << 40) + (queueOffset + i) * recordBytes);
        }
        return out;
    }
}
