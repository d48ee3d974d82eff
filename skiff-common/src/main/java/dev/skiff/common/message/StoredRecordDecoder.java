package dev.skiff.common.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes stored records (layout in {@link StoredRecordLayout}) into {@link StoredMessage}s. Every
 * length is checked against the bytes at hand before anything is allocated; malformed input
 * raises {@link RecordFormatException}.
 */
public final class StoredRecordDecoder {
    /** Largest record accepted when no tighter bound is given. */
    public static final int DEFAULT_RECORD_MAX_BYTES = 64 * 1024 * 1024;

    private StoredRecordDecoder() {}

    /** Decodes the record at absolute {@code pos}; the buffer's limit bounds it. */
    public static StoredMessage decode(ByteBuffer buf, int pos) {
        int size = RecordCheck.check(buf, pos, buf.limit(), null, -1, DEFAULT_RECORD_MAX_BYTES);
        if (size <= 0) {
            throw new RecordFormatException("no record at " + pos + ": " + RecordCheck.describe(size));
        }
        return decodeChecked(buf, pos, size);
    }

    /** Decodes records back to back from the buffer's position to its limit (a pull body). */
    public static List<StoredMessage> decodeAll(ByteBuffer buf) {
        List<StoredMessage> out = new ArrayList<>();
        int pos = buf.position();
        while (pos < buf.limit()) {
            StoredMessage m = decode(buf, pos);
            out.add(m);
            pos += m.storeSize();
        }
        return out;
    }

    private static StoredMessage decodeChecked(ByteBuffer buf, int pos, int size) {
        int sysFlag = buf.getInt(pos + StoredRecordLayout.SYS_FLAG);
        HostAddress born = host(buf, pos + StoredRecordLayout.BORN_HOST, StoredRecordLayout.bornHostLength(sysFlag));
        int storeTsAt = pos + StoredRecordLayout.storeTimestampOffset(sysFlag);
        HostAddress store = host(
                buf, pos + StoredRecordLayout.storeHostOffset(sysFlag), StoredRecordLayout.storeHostLength(sysFlag));
        int bodyLenAt = pos + StoredRecordLayout.bodyLengthOffset(sysFlag);
        int bodyLen = buf.getInt(bodyLenAt);
        byte[] body = bytes(buf, bodyLenAt + 4, bodyLen);
        int topicLenAt = bodyLenAt + 4 + bodyLen;
        boolean v2 = buf.getInt(pos + StoredRecordLayout.MAGIC) == StoredRecordLayout.MAGIC_V2;
        int topicLen = v2 ? buf.getShort(topicLenAt) & 0xFFFF : buf.get(topicLenAt) & 0xFF;
        int topicAt = topicLenAt + (v2 ? 2 : 1);
        String topic = new String(bytes(buf, topicAt, topicLen), StandardCharsets.UTF_8);
        int propsLen = buf.getShort(topicAt + topicLen);
        String props = new String(bytes(buf, topicAt + topicLen + 2, propsLen), StandardCharsets.UTF_8);
        return new StoredMessage(
                size,
                buf.getInt(pos + StoredRecordLayout.BODY_CRC),
                buf.getInt(pos + StoredRecordLayout.QUEUE_ID),
                buf.getInt(pos + StoredRecordLayout.FLAG),
                buf.getLong(pos + StoredRecordLayout.QUEUE_OFFSET),
                buf.getLong(pos + StoredRecordLayout.PHYSICAL_OFFSET),
                sysFlag,
                buf.getLong(pos + StoredRecordLayout.BORN_TIMESTAMP),
                born,
                buf.getLong(storeTsAt),
                store,
                buf.getInt(pos + StoredRecordLayout.reconsumeTimesOffset(sysFlag)),
                buf.getLong(pos + StoredRecordLayout.preparedTransactionOffsetOffset(sysFlag)),
                body,
                topic,
                props);
    }

    private static HostAddress host(ByteBuffer buf, int at, int fieldLen) {
        byte[] ip = bytes(buf, at, fieldLen - 4);
        return new HostAddress(ip, buf.getInt(at + fieldLen - 4) & 0xFFFF);
    }

    private static byte[] bytes(ByteBuffer buf, int at, int len) {
        byte[] out = new byte[len];
        buf.get(at, out, 0, len);
        return out;
    }
}
