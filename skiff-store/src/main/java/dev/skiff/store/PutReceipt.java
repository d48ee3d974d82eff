package dev.skiff.store;

/**
 * Where an append went, filled in by {@link MessageStore#append} and {@link
 * MessageStore#appendAll}. Owned by the caller and reused, so the append path allocates nothing;
 * {@link #toResult} makes the immutable {@link PutResult} when one is wanted.
 */
public final class PutReceipt {
    private long physicalOffset = -1;
    private int wroteBytes;
    private long queueOffset = -1;
    private int messageCount;
    private long storeTimestampMs;
    private long endOffset;
    private boolean batch;
    private long[] recordOffsets = new long[1];

    /**
     * Copies the placement of an append; called by the store implementation before the append
     * returns PUT_OK. {@code isBatch} tells whether the append was of a batch (its result then lists
     * every record's offset).
     */
    public void fill(AppendedRecords appended, boolean isBatch) {
        int n = appended.count();
        physicalOffset = appended.physicalOffset(0);
        wroteBytes = appended.bytes();
        queueOffset = appended.queueOffset(0);
        messageCount = n;
        storeTimestampMs = appended.storeTimestampMs();
        endOffset = appended.endOffset();
        batch = isBatch;
        if (recordOffsets.length < n) {
            recordOffsets = new long[Math.max(n, recordOffsets.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            recordOffsets[i] = appended.physicalOffset(i);
        }
    }

    /** Commit-log offset of the first record. */
    public long physicalOffset() {
        return physicalOffset;
    }

    public int wroteBytes() {
        return wroteBytes;
    }

    /** Queue offset of the first record. */
    public long queueOffset() {
        return queueOffset;
    }

    public int messageCount() {
        return messageCount;
    }

    public long storeTimestampMs() {
        return storeTimestampMs;
    }

    /** The commit-log offset just past the appended records (what {@link MessageStore#whenFlushed} takes). */
    public long endOffset() {
        return endOffset;
    }

    /** Commit-log offset of record {@code i} of the append. */
    public long recordOffset(int i) {
        if (i < 0 || i >= messageCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return recordOffsets[i];
    }

    /** The result of this append with the given flush status. */
    public PutResult toResult(PutStatus status) {
        long[] offsets = batch ? java.util.Arrays.copyOf(recordOffsets, messageCount) : null;
        return new PutResult(status, physicalOffset, wroteBytes, queueOffset, messageCount, storeTimestampMs, offsets);
    }
}
