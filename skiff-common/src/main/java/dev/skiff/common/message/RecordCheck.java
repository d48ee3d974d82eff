package dev.skiff.common.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Checks that a stored record is well formed without allocating: every length is bounded by the
 * bytes available before it is used. Returns the record size (&gt; 0) or one of the negative
 * codes below.
 */
public final class RecordCheck {
    /** A blank marker (end-of-segment filler) starts here. */
    public static final int BLANK = -1;
    /** TOTALSIZE is 0 and the magic is 0: nothing was written here. */
    public static final int EMPTY = -2;
    /** The record claims more bytes than are available. */
    public static final int TRUNCATED = -3;
    /** Unknown magic code. */
    public static final int BAD_MAGIC = -4;
    /** TOTALSIZE out of bounds or inconsistent with the field lengths. */
    public static final int BAD_SIZE = -5;
    /** Body CRC does not match. */
    public static final int BAD_CRC = -6;
    /** The PHYSICALOFFSET field is not where the record lies. */
    public static final int BAD_PHYSICAL_OFFSET = -7;

    private RecordCheck() {}

    /** A short name of a check code, for logs and recovery reports. */
    public static String describe(int code) {
        return switch (code) {
            case BLANK -> "BLANK";
            case EMPTY -> "EMPTY";
            case TRUNCATED -> "TRUNCATED";
            case BAD_MAGIC -> "BAD_MAGIC";
            case BAD_SIZE -> "BAD_SIZE";
            case BAD_CRC -> "BAD_CRC";
            case BAD_PHYSICAL_OFFSET -> "BAD_PHYSICAL_OFFSET";
            default -> code > 0 ? "OK" : "UNKNOWN(" + code + ")";
        };
    }

    /**
     * Checks the record at absolute {@code pos}, whose bytes may extend up to {@code limit}.
     *
     * @param crc a reusable CRC32, or null to skip the body CRC check
     * @param expectedPhysicalOffset the commit-log offset of {@code pos}, or -1 to skip that check
     * @param maxRecordBytes records larger than this are malformed
     */
    public static int check(
            ByteBuffer buf, int pos, int limit, CRC32 crc, long expectedPhysicalOffset, int maxRecordBytes) {
        int available = limit - pos;
        if (pos < 0 || available < StoredRecordLayout.BLANK_MIN_BYTES) {
            return available >= 4 && pos >= 0 && buf.getInt(pos) == 0 ? EMPTY : TRUNCATED;
        }
        int total = buf.getInt(pos);
        int magic = buf.getInt(pos + StoredRecordLayout.MAGIC);
        if (magic == StoredRecordLayout.BLANK_MAGIC) {
            return total >= StoredRecordLayout.BLANK_MIN_BYTES && total <= available ? BLANK : BAD_SIZE;
        }
        if (total == 0 && magic == 0) {
            return EMPTY;
        }
        if (magic != StoredRecordLayout.MAGIC_V1 && magic != StoredRecordLayout.MAGIC_V2) {
            return BAD_MAGIC;
        }
        if (total < StoredRecordLayout.RECORD_MIN_BYTES || total > maxRecordBytes) {
            return BAD_SIZE;
        }
        if (total > available) {
            return TRUNCATED;
        }
        return checkFields(buf, pos, total, magic, crc, expectedPhysicalOffset);
    }

    /**
     * Checks the record at absolute {@code pos} that a consume-queue entry points to: it must be a
     * record (known magic) of the entry's {@code expectedSize}, within {@code limit}, whose
     * PHYSICALOFFSET field is {@code expectedPhysicalOffset}. Only the first line of the record is
     * read. That is enough for an indexed record: the dispatcher made the entry only after {@link
     * #check} passed the whole record at that offset, and the commit log never rewrites a record; a
     * record that is not the indexed one (a stale entry, a log cut back by recovery) fails on its
     * offset, size or magic. Reading its length fields again would cost one cache miss each on the
     * pull path, before the socket copies the same bytes anyway.
     */
    public static int checkIndexed(
            ByteBuffer buf, int pos, int limit, int expectedSize, long expectedPhysicalOffset, int maxRecordBytes) {
        if (expectedSize < StoredRecordLayout.RECORD_MIN_BYTES || expectedSize > maxRecordBytes) {
            return BAD_SIZE;
        }
        if (pos < 0 || limit - pos < expectedSize) {
            return TRUNCATED;
        }
        int magic = buf.getInt(pos + StoredRecordLayout.MAGIC);
        if (magic != StoredRecordLayout.MAGIC_V1 && magic != StoredRecordLayout.MAGIC_V2) {
            return magic == StoredRecordLayout.BLANK_MAGIC ? BLANK : BAD_MAGIC;
        }
        if (buf.getInt(pos + StoredRecordLayout.TOTAL_SIZE) != expectedSize) {
            return BAD_SIZE;
        }
        if (buf.getLong(pos + StoredRecordLayout.PHYSICAL_OFFSET) != expectedPhysicalOffset) {
            return BAD_PHYSICAL_OFFSET;
        }
        return expectedSize;
    }

    private static int checkFields(ByteBuffer buf, int pos, int total, int magic, CRC32 crc, long expectedPhy) {
        int sysFlag = buf.getInt(pos + StoredRecordLayout.SYS_FLAG);
        int bodyLenAt = StoredRecordLayout.bodyLengthOffset(sysFlag);
        if (bodyLenAt + 4 > total) {
            return BAD_SIZE;
        }
        int bodyLen = buf.getInt(pos + bodyLenAt);
        if (bodyLen < 0 || bodyLen > total - bodyLenAt - 4) {
            return BAD_SIZE;
        }
        int topicLenAt = bodyLenAt + 4 + bodyLen;
        boolean v2 = magic == StoredRecordLayout.MAGIC_V2;
        int topicLenBytes = v2 ? 2 : 1;
        if (topicLenAt + topicLenBytes > total) {
            return BAD_SIZE;
        }
        int topicLen = v2 ? buf.getShort(pos + topicLenAt) & 0xFFFF : buf.get(pos + topicLenAt) & 0xFF;
        int propsLenAt = topicLenAt + topicLenBytes + topicLen;
        if (topicLen == 0 || propsLenAt + 2 > total) {
            return BAD_SIZE;
        }
        int propsLen = buf.getShort(pos + propsLenAt);
        if (propsLen < 0 || propsLenAt + 2 + propsLen != total) {
            return BAD_SIZE;
        }
        if (expectedPhy >= 0 && buf.getLong(pos + StoredRecordLayout.PHYSICAL_OFFSET) != expectedPhy) {
            return BAD_PHYSICAL_OFFSET;
        }
        if (crc != null) {
            int stored = buf.getInt(pos + StoredRecordLayout.BODY_CRC);
            if (StoredRecordLayout.bodyCrc(crc, buf, pos + bodyLenAt + 4, bodyLen) != stored) {
                return BAD_CRC;
            }
        }
        return total;
    }
}
