package dev.skiff.broker.filter;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredRecordLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads property values straight from a stored record's bytes (layout: {@link StoredRecordLayout};
 * properties: {@code name 0x01 value 0x02}, UTF-8), decoding only the values asked for. Names are
 * compared as UTF-8 bytes. As in the official broker, a piece counts only when its name and its
 * value are both non-empty, and when a name occurs twice the later piece wins.
 *
 * <p>A record whose length fields point outside the view reads as having no properties.
 */
final class RecordPropertyReader implements PropertySource {
    private static final byte NAME_END = (byte) MessageProperties.NAME_VALUE_SEPARATOR;
    private static final byte PIECE_END = (byte) MessageProperties.PROPERTY_SEPARATOR;

    private final ByteBuffer buf;
    private final int from;
    private final int to;

    private RecordPropertyReader(ByteBuffer buf, int from, int to) {
        this.buf = buf;
        this.from = from;
        this.to = to;
    }

    static RecordPropertyReader of(ByteBuffer record) {
        int base = record.position();
        int end = record.limit();
        int at = propertiesAt(record, base, end);
        if (at < 0) {
            return new RecordPropertyReader(record, 0, 0);
        }
        int len = record.getShort(at) & 0xFFFF;
        if (at + 2 + len > end) {
            return new RecordPropertyReader(record, 0, 0);
        }
        return new RecordPropertyReader(record, at + 2, at + 2 + len);
    }

    /** Where the properties-length field is, or -1 when a length field points out of bounds. */
    private static int propertiesAt(ByteBuffer b, int base, int end) {
        if (end - base < StoredRecordLayout.RECORD_MIN_BYTES) {
            return -1;
        }
        int sysFlag = b.getInt(base + StoredRecordLayout.SYS_FLAG);
        int bodyLenAt = base + StoredRecordLayout.bodyLengthOffset(sysFlag);
        if (bodyLenAt + 4 > end) {
            return -1;
        }
        long topicLenAt = (long) bodyLenAt + 4 + b.getInt(bodyLenAt);
        boolean v2 = b.getInt(base + StoredRecordLayout.MAGIC) == StoredRecordLayout.MAGIC_V2;
        if (topicLenAt < bodyLenAt + 4 || topicLenAt + (v2 ? 2 : 1) > end) {
            return -1;
        }
        int t = (int) topicLenAt;
        int topicLen = v2 ? b.getShort(t) & 0xFFFF : b.get(t) & 0xFF;
        long propsAt = (long) t + (v2 ? 2 : 1) + topicLen;
        return propsAt + 2 > end ? -1 : (int) propsAt;
    }

    /**
     * The values of all {@code names} (UTF-8) in one pass over the properties, null where absent;
     * only the values found are decoded.
     */
    String[] readAll(byte[][] names) {
        int[] valueAt = new int[names.length];
        int[] valueEnd = new int[names.length];
        int start = from;
        while (start < to) {
            int end = indexOf(PIECE_END, start);
            int sep = indexOf(NAME_END, start);
            if (sep > start && sep < end - 1) {
                for (int k = 0; k < names.length; k++) {
                    if (sep - start == names[k].length && nameMatches(start, names[k])) {
                        valueAt[k] = sep + 1;
                        valueEnd[k] = end;
                    }
                }
            }
            start = end + 1;
        }
        String[] values = new String[names.length];
        for (int k = 0; k < names.length; k++) {
            if (valueAt[k] > 0) {
                values[k] = decode(valueAt[k], valueEnd[k]);
            }
        }
        return values;
    }

    @Override
    public String get(String name) {
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        int found = -1;
        int start = from;
        while (start < to) {
            int end = indexOf(PIECE_END, start);
            int sep = indexOf(NAME_END, start);
            if (sep > start && sep < end - 1 && sep - start == want.length && nameMatches(start, want)) {
                found = start;
            }
            start = end + 1;
        }
        if (found < 0) {
            return null;
        }
        int valueAt = found + want.length + 1;
        return decode(valueAt, indexOf(PIECE_END, valueAt));
    }

    private String decode(int start, int end) {
        byte[] value = new byte[end - start];
        buf.get(start, value);
        return new String(value, StandardCharsets.UTF_8);
    }

    private boolean nameMatches(int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (buf.get(at + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte target, int start) {
        for (int i = start; i < to; i++) {
            if (buf.get(i) == target) {
                return i;
            }
        }
        return to;
    }
}
