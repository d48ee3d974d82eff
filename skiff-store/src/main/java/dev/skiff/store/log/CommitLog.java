package dev.skiff.store.log;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig.CommitLogWrites;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.file.SegmentedFile;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The single sequential log of all topics. One appender at a time (the append lock; it is the
 * only lock here and no other lock is taken while holding it). Readers find segments through
 * {@link SegmentedFile} and read only below {@link #writtenOffset()}, which is published
 * (volatile) after the bytes are copied, so a reader that sees the offset sees the bytes.
 *
 * <p>A batch is copied contiguously into one segment. When it does not fit in what is left of the
 * current segment (keeping room for an 8-byte blank marker), a blank marker — TOTALSIZE = bytes
 * left, MAGICCODE = {@link StoredRecordLayout#BLANK_MAGIC} — fills the rest and the batch goes to
 * the next segment, which the allocator has usually prepared already.
 *
 * <p>Bytes reach the segment either by a copy through its mapping ({@link CommitLogWrites#MAPPED},
 * the cheapest per append) or by the file's {@code write} call ({@link CommitLogWrites#CHANNEL}, a
 * system call per append but a much cheaper force afterwards; see {@link MappedSegment#write}).
 * Readers always read through the mapping.
 */
public final class CommitLog {
    private final SegmentedFile files;
    private final SkiffClock clock;
    private final QueueOffsetTable queueOffsets;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final boolean writeThroughChannel;
    private LongConsumer appendListener = end -> {};
    private long writePos;
    private volatile long writtenOffset;
    private volatile long flushedOffset;
    private volatile long lastStoreTimestampMs;

    public CommitLog(SegmentedFile files, SkiffClock clock, QueueOffsetTable queueOffsets, CommitLogWrites writes) {
        this.files = files;
        this.clock = clock;
        this.queueOffsets = queueOffsets;
        this.writeThroughChannel = writes == CommitLogWrites.CHANNEL;
    }

    /** Called (outside the lock) with the new written offset after every append. */
    public void setAppendListener(LongConsumer listener) {
        this.appendListener = listener;
    }

    /** Sets the write position after recovery; nothing may be appending. */
    public void recoverTo(long endOffset) {
        files.truncateTo(endOffset);
        writePos = endOffset;
        writtenOffset = endOffset;
        flushedOffset = endOffset;
    }

    public QueueOffsetTable queueOffsets() {
        return queueOffsets;
    }

    /**
     * The next queue offset of each of {@code topic}'s queues, by queue id, read under the append
     * lock: every record appended before has a lower offset, every later one at least this.
     */
    public long[] nextQueueOffsets(String topic) {
        appendLock.lock();
        try {
            return queueOffsets.copyOf(topic);
        } finally {
            appendLock.unlock();
        }
    }

    public SegmentedFile files() {
        return files;
    }

    /** Appends a whole encoded batch contiguously; on PUT_OK the batch tells where it went. */
    public PutStatus append(EncodedBatch batch) {
        if (batch.count() == 0 || batch.bytes() > files.segmentBytes() - StoredRecordLayout.BLANK_MIN_BYTES) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        long end;
        appendLock.lock();
        try {
            long now = clock.nowMs();
            MappedSegment seg = segmentWithRoom(batch.bytes());
            int segPos = (int) (writePos - seg.startOffset());
            batch.patch(writePos, now, queueOffsets);
            if (writeThroughChannel) {
                seg.write(segPos, batch.buffer().slice(0, batch.bytes()));
            } else {
                seg.buffer().put(segPos, batch.buffer(), 0, batch.bytes());
            }
            writePos += batch.bytes();
            lastStoreTimestampMs = now;
            writtenOffset = writePos;
            end = writePos;
        } finally {
            appendLock.unlock();
        }
        appendListener.accept(end);
        return PutStatus.PUT_OK;
    }

    private MappedSegment segmentWithRoom(int bytes) {
        MappedSegment seg = files.last();
        if (seg == null || writePos >= seg.endOffset()) {
            if (seg != null) {
                seg.closeWriteChannel();
            }
            return files.roll(writePos);
        }
        long left = seg.endOffset() - writePos;
        if (left >= bytes + StoredRecordLayout.BLANK_MIN_BYTES) {
            return seg;
        }
        int segPos = (int) (writePos - seg.startOffset());
        if (writeThroughChannel) {
            ByteBuffer blank = ByteBuffer.allocate(StoredRecordLayout.BLANK_MIN_BYTES);
            blank.putInt(0, (int) left).putInt(StoredRecordLayout.MAGIC, StoredRecordLayout.BLANK_MAGIC);
            seg.write(segPos, blank);
            seg.closeWriteChannel();
        } else {
            seg.buffer().putInt(segPos, (int) left);
            seg.buffer().putInt(segPos + StoredRecordLayout.MAGIC, StoredRecordLayout.BLANK_MAGIC);
        }
        writePos = seg.endOffset();
        writtenOffset = writePos;
        return files.roll(writePos);
    }

    /** Offset just past the last complete record. */
    public long writtenOffset() {
        return writtenOffset;
    }

    /** Offset up to which data is known to be on the device. */
    public long flushedOffset() {
        return flushedOffset;
    }

    /** Oldest offset still stored. */
    public long minOffset() {
        return files.minOffset(writtenOffset);
    }

    public long lastStoreTimestampMs() {
        return lastStoreTimestampMs;
    }

    /** Forces everything written so far; flush thread only. Returns the new flushed offset. */
    public long flush() {
        long target = writtenOffset;
        long from = flushedOffset;
        if (target > from) {
            files.force(from, target);
            flushedOffset = target;
        }
        return target;
    }

    /** Retains the segment holding {@code offset}; null if none. Release after use. */
    public MappedSegment retainSegmentFor(long offset) {
        return offset < writtenOffset ? files.retainSegmentFor(offset) : null;
    }
}
