package dev.skiff.common.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Byte layout of a stored message record (protocol sheet §5.4); the same bytes live in the commit
 * log and travel in pull responses. All integers big-endian.
 *
 * <pre>
 * offset (IPv4)  size        field
 *   0            4           TOTALSIZE       length of the whole record
 *   4            4           MAGICCODE       0xDAA320A7 (v1, 1-byte topic length) / 0xDAA320AB (v2, 2-byte)
 *   8            4           BODYCRC         CRC32(body) &amp; 0x7FFFFFFF
 *  12            4           QUEUEID
 *  16            4           FLAG
 *  20            8           QUEUEOFFSET     position in the consume queue
 *  28            8           PHYSICALOFFSET  commit-log offset of this record
 *  36            4           SYSFLAG         0x10: born host IPv6, 0x20: store host IPv6
 *  40            8           BORNTIMESTAMP   ms
 *  48            8 | 20      BORNHOST        IP (4 | 16) + port (4)
 *  56 (+12)      8           STORETIMESTAMP  ms
 *  64 (+12)      8 | 20      STOREHOST       IP (4 | 16) + port (4)
 *  72 (+12/24)   4           RECONSUMETIMES
 *  76 (+..)      8           PREPARED TRANSACTION OFFSET
 *  84 (+..)      4 + n       body length, body
 *                1|2 + t     topic length, topic (UTF-8)
 *                2 + p       properties length, properties string (UTF-8, §5.1)
 * </pre>
 *
 * <p>Inside commit-log segments, the unused end of a segment starts with a blank marker: {@code
 * TOTALSIZE} = bytes left in the segment, {@code MAGICCODE} = {@link #BLANK_MAGIC}.
 */
public final class StoredRecordLayout {
    /** Magic of records with a 1-byte topic length. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Magic of records with a 2-byte topic length (topics longer than 127 bytes). */
    public static final int MAGIC_V2 = 0xDAA320AB;
    /** Magic of the end-of-segment filler; never sent to clients. */
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** A blank marker is TOTALSIZE + MAGICCODE. */
    public static final int BLANK_MIN_BYTES = 8;

    public static final int TOTAL_SIZE = 0;
    public static final int MAGIC = 4;
    public static final int BODY_CRC = 8;
    public static final int QUEUE_ID = 12;
    public static final int FLAG = 16;
    public static final int QUEUE_OFFSET = 20;
    public static final int PHYSICAL_OFFSET = 28;
    public static final int SYS_FLAG = 36;
    public static final int BORN_TIMESTAMP = 40;
    public static final int BORN_HOST = 48;

    public static final int SYSFLAG_BORNHOST_V6 = 0x10;
    public static final int SYSFLAG_STOREHOST_V6 = 0x20;

    /** Longest topic a v1 record can hold. */
    public static final int TOPIC_V1_MAX_BYTES = 127;
    /** Longest topic Skiff stores. */
    public static final int TOPIC_MAX_BYTES = 255;
    /** The smallest well-formed record: IPv4 hosts, empty body, 1-byte topic, no properties. */
    public static final int RECORD_MIN_BYTES = 84 + 4 + 1 + 1 + 2;

    private StoredRecordLayout() {}

    public static int bornHostLength(int sysFlag) {
        return (sysFlag & SYSFLAG_BORNHOST_V6) != 0 ? 20 : 8;
    }

    public static int storeHostLength(int sysFlag) {
        return (sysFlag & SYSFLAG_STOREHOST_V6) != 0 ? 20 : 8;
    }

    public static int storeTimestampOffset(int sysFlag) {
        return BORN_HOST + bornHostLength(sysFlag);
    }

    public static int storeHostOffset(int sysFlag) {
        return storeTimestampOffset(sysFlag) + 8;
    }

    public static int reconsumeTimesOffset(int sysFlag) {
        return storeHostOffset(sysFlag) + storeHostLength(sysFlag);
    }

    public static int preparedTransactionOffsetOffset(int sysFlag) {
        return reconsumeTimesOffset(sysFlag) + 4;
    }

    public static int bodyLengthOffset(int sysFlag) {
        return reconsumeTimesOffset(sysFlag) + 12;
    }

    /** Bytes of the topic-length field for a topic of {@code topicBytes}. */
    public static int topicLengthBytes(int topicBytes) {
        return topicBytes > TOPIC_V1_MAX_BYTES ? 2 : 1;
    }

    /** Magic for a topic of {@code topicBytes}. */
    public static int magicFor(int topicBytes) {
        return topicBytes > TOPIC_V1_MAX_BYTES ? MAGIC_V2 : MAGIC_V1;
    }

    /** Size of a record; a long so that callers can bound it before narrowing. */
    public static long recordSize(int sysFlag, int bodyBytes, int topicBytes, int propertiesBytes) {
        return (long) bodyLengthOffset(sysFlag)
                + 4
                + bodyBytes
                + topicLengthBytes(topicBytes)
                + topicBytes
                + 2
                + propertiesBytes;
    }

    /** CRC32 masked to 31 bits of {@code len} bytes at absolute {@code pos} of {@code buf}. */
    public static int bodyCrc(CRC32 crc, ByteBuffer buf, int pos, int len) {
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + pos, len);
        } else {
            ByteBuffer view = buf.duplicate();
            view.limit(pos + len).position(pos);
            crc.update(view);
        }
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** CRC32 masked to 31 bits of a byte range. */
    public static int bodyCrc(byte[] body, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(body, off, len);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
