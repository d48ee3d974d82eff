package dev.skiff.store.log;

import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.common.message.Utf8;
import dev.skiff.store.AppendedRecords;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutStatus;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Records encoded in the stored layout ({@link StoredRecordLayout}) before the append lock is
 * taken, with queue offset, physical offset and store timestamp left as zero. Inside the lock
 * {@link #patch} fills those three in. One instance per writer thread, reused: encoding allocates
 * nothing once the buffer has grown to the largest batch seen.
 */
public final class EncodedBatch implements AppendedRecords {
    private static final int INITIAL_BYTES = 4096;
    private static final int INITIAL_RECORDS = 16;

    private final int bodyMaxBytes;
    private final int batchMaxBytes;
    private final int queuesPerTopicMax;
    private final HostAddress storeHost;
    private final CRC32 crc = new CRC32();
    private ByteBuffer buf = ByteBuffer.allocate(INITIAL_BYTES);
    /** A second view of {@link #buf} handed to {@code write} calls, so a write allocates no slice. */
    private ByteBuffer encodedView = buf.duplicate();

    private int bytes;
    private int count;
    private int[] starts = new int[INITIAL_RECORDS];
    private int[] storeTsAt = new int[INITIAL_RECORDS];
    private String[] topics = new String[INITIAL_RECORDS];
    private int[] queueIds = new int[INITIAL_RECORDS];
    private long[] queueOffsets = new long[INITIAL_RECORDS];
    private long physicalBase;
    private long storeTimestampMs;

    public EncodedBatch(int bodyMaxBytes, int batchMaxBytes, int queuesPerTopicMax, HostAddress storeHost) {
        this.bodyMaxBytes = bodyMaxBytes;
        this.batchMaxBytes = batchMaxBytes;
        this.queuesPerTopicMax = queuesPerTopicMax;
        this.storeHost = storeHost;
    }

    /** Empties the batch. */
    public void clear() {
        bytes = 0;
        count = 0;
    }

    /** Encodes one message; returns PUT_OK or the reason it is refused (the batch is then cleared). */
    public PutStatus encode(MessageToStore m) {
        int topicBytes = Utf8.encodedLength(m.topic());
        int propsBytes = Utf8.encodedLength(m.properties());
        PutStatus bad = validate(m, topicBytes, propsBytes);
        if (bad != PutStatus.PUT_OK) {
            clear();
            return bad;
        }
        int sysFlag = hostFlags(m.sysFlag(), m.bornHost());
        long size = StoredRecordLayout.recordSize(sysFlag, m.body().length, topicBytes, propsBytes);
        if (size + bytes > batchMaxBytes) {
            clear();
            return PutStatus.MESSAGE_ILLEGAL;
        }
        ensureCapacity(bytes + (int) size, count + 1);
        starts[count] = bytes;
        storeTsAt[count] = bytes + StoredRecordLayout.storeTimestampOffset(sysFlag);
        topics[count] = m.topic();
        queueIds[count] = m.queueId();
        bytes = write(m, sysFlag, (int) size, topicBytes, propsBytes, bytes);
        count++;
        return PutStatus.PUT_OK;
    }

    /** Encodes a batch; all or nothing. */
    public PutStatus encodeAll(List<MessageToStore> messages) {
        clear();
        if (messages.isEmpty()) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        for (MessageToStore m : messages) {
            PutStatus s = encode(m);
            if (s != PutStatus.PUT_OK) {
                return s;
            }
        }
        return PutStatus.PUT_OK;
    }

    private PutStatus validate(MessageToStore m, int topicBytes, int propsBytes) {
        if (topicBytes == 0 || topicBytes > StoredRecordLayout.TOPIC_MAX_BYTES) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        if (m.queueId() < 0 || m.queueId() >= queuesPerTopicMax || m.body().length > bodyMaxBytes) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        if (propsBytes > MessageProperties.ENCODED_MAX_BYTES) {
            return PutStatus.PROPERTIES_SIZE_EXCEEDED;
        }
        return PutStatus.PUT_OK;
    }

    private int hostFlags(int sysFlag, HostAddress born) {
        int f = sysFlag & ~(StoredRecordLayout.SYSFLAG_BORNHOST_V6 | StoredRecordLayout.SYSFLAG_STOREHOST_V6);
        if (born.isIpv6()) {
            f |= StoredRecordLayout.SYSFLAG_BORNHOST_V6;
        }
        if (storeHost.isIpv6()) {
            f |= StoredRecordLayout.SYSFLAG_STOREHOST_V6;
        }
        return f;
    }

    private int write(MessageToStore m, int sysFlag, int size, int topicBytes, int propsBytes, int p) {
        ByteBuffer b = buf;
        byte[] body = m.body();
        crc.reset();
        crc.update(body, 0, body.length);
        b.putInt(p, size);
        b.putInt(p + 4, StoredRecordLayout.magicFor(topicBytes));
        b.putInt(p + 8, (int) (crc.getValue() & 0x7FFFFFFF));
        b.putInt(p + 12, m.queueId());
        b.putInt(p + 16, m.flag());
        b.putLong(p + 20, 0L);
        b.putLong(p + 28, 0L);
        b.putInt(p + 36, sysFlag);
        b.putLong(p + 40, m.bornTimestampMs());
        int q = putHost(b, p + 48, m.bornHost());
        b.putLong(q, 0L);
        q = putHost(b, q + 8, storeHost);
        b.putInt(q, m.reconsumeTimes());
        b.putLong(q + 4, m.preparedTransactionOffset());
        b.putInt(q + 12, body.length);
        b.put(q + 16, body);
        q += 16 + body.length;
        if (topicBytes > StoredRecordLayout.TOPIC_V1_MAX_BYTES) {
            b.putShort(q, (short) topicBytes);
            q += 2;
        } else {
            b.put(q++, (byte) topicBytes);
        }
        q += Utf8.write(m.topic(), b, q);
        b.putShort(q, (short) propsBytes);
        q += 2 + Utf8.write(m.properties(), b, q + 2);
        if (q - p != size) {
            throw new IllegalStateException("encoded " + (q - p) + " bytes, expected " + size);
        }
        return q;
    }

    private static int putHost(ByteBuffer b, int at, HostAddress h) {
        int ipLen = h.isIpv6() ? 16 : 4;
        for (int i = 0; i < ipLen; i++) {
            b.put(at + i, h.ipByte(i));
        }
        b.putInt(at + ipLen, h.port());
        return at + ipLen + 4;
    }

    private void ensureCapacity(int needBytes, int needRecords) {
        if (needBytes > buf.capacity()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.min(batchMaxBytes, Math.max(needBytes, buf.capacity() * 2)));
            grown.put(0, buf, 0, bytes);
            buf = grown;
            encodedView = grown.duplicate();
        }
        if (needRecords > starts.length) {
            int n = starts.length * 2;
            starts = java.util.Arrays.copyOf(starts, n);
            storeTsAt = java.util.Arrays.copyOf(storeTsAt, n);
            topics = java.util.Arrays.copyOf(topics, n);
            queueIds = java.util.Arrays.copyOf(queueIds, n);
            queueOffsets = java.util.Arrays.copyOf(queueOffsets, n);
        }
    }

    /** Fills in queue offsets, physical offsets and store timestamp (under the append lock). */
    void patch(long physicalBase, long storeTimestampMs, QueueOffsetTable table) {
        this.physicalBase = physicalBase;
        this.storeTimestampMs = storeTimestampMs;
        for (int i = 0; i < count; i++) {
            long qo = table.takeNext(topics[i], queueIds[i]);
            queueOffsets[i] = qo;
            buf.putLong(starts[i] + StoredRecordLayout.QUEUE_OFFSET, qo);
            buf.putLong(starts[i] + StoredRecordLayout.PHYSICAL_OFFSET, physicalBase + starts[i]);
            buf.putLong(storeTsAt[i], storeTimestampMs);
        }
    }

    ByteBuffer buffer() {
        return buf;
    }

    /** The encoded records, positioned at 0 and limited to {@link #bytes()}; the same view each time. */
    ByteBuffer encoded() {
        encodedView.clear().limit(bytes);
        return encodedView;
    }

    @Override
    public int bytes() {
        return bytes;
    }

    @Override
    public int count() {
        return count;
    }

    /** After append: commit-log offset of record {@code i}. */
    @Override
    public long physicalOffset(int i) {
        return physicalBase + starts[i];
    }

    /** After append: queue offset of record {@code i}. */
    @Override
    public long queueOffset(int i) {
        return queueOffsets[i];
    }

    /** After append: the store timestamp given to every record of the batch. */
    @Override
    public long storeTimestampMs() {
        return storeTimestampMs;
    }

    /** After append: the commit-log offset just past the batch. */
    @Override
    public long endOffset() {
        return physicalBase + bytes;
    }
}
