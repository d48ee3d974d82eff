package dev.skiff.store.log;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig.CommitLogWrites;
import dev.skiff.store.StoreHealth;
import dev.skiff.store.file.FileOps;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.file.SegmentedFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Bytes reach the segment by a copy through its mapping ({@link CommitLogWrites#MAPPED}, the
 * cheapest per append), by the file's {@code write} call ({@link CommitLogWrites#CHANNEL}, a system
 * call per append but a much cheaper force afterwards; see {@link MappedSegment#write}), or staged
 * ({@link CommitLogWrites#STAGED}): the appender copies into a {@link StagingBuffer} and the flush
 * thread writes each round's appends with one {@code write} before forcing. Staged bytes are
 * appended (they have their offsets and queue offsets, {@link #appendedOffset()}) but not written:
 * readers, the dispatcher and the append listener see them only once {@link #flush()} has written
 * them. Readers always read through the mapping.
 *
 * <p>Failures: every write and force goes through one {@link FileOps}. The first that fails (an I/O
 * error, a short write, a full disk) trips the {@link StoreHealth} latch: from then on appends
 * answer {@link PutStatus#STORE_FAILED}, nothing more is written or forced, and {@link
 * #flushedOffset()} stays at the last force that succeeded (fail-stop; see {@link StoreHealth} for
 * why a later successful force proves nothing).
 */
public final class CommitLog implements AutoCloseable {
    /** How long an appender waits for room in the staging buffer before the append is refused. */
    static final long STAGING_WAIT_MAX_NS = TimeUnit.SECONDS.toNanos(10);

    private static final long STAGING_WAIT_NAP_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private final SegmentedFile files;
    private final SkiffClock clock;
    private final QueueOffsetTable queueOffsets;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final FileOps ops;
    private final StoreHealth health;
    private final boolean writeThroughChannel;
    /** Null unless {@link CommitLogWrites#STAGED}. */
    private final StagingBuffer staging;

    private LongConsumer appendListener = end -> {};
    private Runnable stagingFull = () -> {};
    private long writePos;
    /** End of the appended records: {@link #writtenOffset} plus what is staged. */
    private volatile long appendedOffset;
    /** An appender parked for room in the staging buffer, woken by the flush thread. */
    private volatile Thread waitingForRoom;

    private volatile long writtenOffset;
    private volatile long flushedOffset;
    private volatile long lastStoreTimestampMs;

    /** A log writing {@code MAPPED} or {@code CHANNEL}. */
    public CommitLog(SegmentedFile files, SkiffClock clock, QueueOffsetTable queueOffsets, CommitLogWrites writes) {
        this(files, clock, queueOffsets, writes, 0);
    }

    /**
     * A log writing as {@code writes} says; {@code STAGED} stages up to {@code stagingBytes}, which
     * must hold the largest batch plus a blank marker.
     */
    public CommitLog(
            SegmentedFile files,
            SkiffClock clock,
            QueueOffsetTable queueOffsets,
            CommitLogWrites writes,
            int stagingBytes) {
        this(files, clock, queueOffsets, writes, stagingBytes, FileOps.SYSTEM, new StoreHealth(clock));
    }

    /**
     * As the other constructors, with the calls that write and force the files ({@code ops}) and
     * the latch their failures trip ({@code health}).
     */
    public CommitLog(
            SegmentedFile files,
            SkiffClock clock,
            QueueOffsetTable queueOffsets,
            CommitLogWrites writes,
            int stagingBytes,
            FileOps ops,
            StoreHealth health) {
        this.files = files;
        this.ops = ops;
        this.health = health;
        this.clock = clock;
        this.queueOffsets = queueOffsets;
        this.writeThroughChannel = writes == CommitLogWrites.CHANNEL;
        this.staging = writes == CommitLogWrites.STAGED ? new StagingBuffer(stagingBytes) : null;
    }

    /**
     * Called (outside the append lock) with the new written offset whenever appended bytes become
     * readable: after every append, or, staged, after the flush thread wrote a round.
     */
    public void setAppendListener(LongConsumer listener) {
        this.appendListener = listener;
    }

    /** Called by an appender that waits for room in the staging buffer: wake the flush thread. */
    public void setStagingFullListener(Runnable listener) {
        this.stagingFull = listener;
    }

    /** Sets the write position after recovery; nothing may be appending. */
    public void recoverTo(long endOffset) {
        files.truncateTo(endOffset);
        writePos = endOffset;
        writtenOffset = endOffset;
        appendedOffset = endOffset;
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

    /** The fail-stop latch of this log. */
    public StoreHealth health() {
        return health;
    }

    /**
     * Appends a whole encoded batch contiguously; on PUT_OK the batch tells where it went. Staged,
     * SERVICE_NOT_AVAILABLE when the flush thread left no room for {@link #STAGING_WAIT_MAX_NS}.
     * STORE_FAILED once a write or force failed, including this append's own write.
     */
    public PutStatus append(EncodedBatch batch) {
        return append(batch, true);
    }

    /**
     * As {@link #append(EncodedBatch)}, but when {@code mayWait} is false it never waits: it answers
     * WOULD_WAIT, having appended nothing, when another appender holds the log, when the append
     * would roll to a new segment (which may wait for the segment allocator), when the staging
     * buffer has no room for it, or when appends are written with a {@code write} call.
     */
    public PutStatus append(EncodedBatch batch, boolean mayWait) {
        int bytes = batch.bytes();
        if (batch.count() == 0
                || bytes > files.segmentBytes() - StoredRecordLayout.BLANK_MIN_BYTES
                || (staging != null && bytes > staging.capacity() - StoredRecordLayout.BLANK_MIN_BYTES)) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        long end;
        if (mayWait) {
            appendLock.lock();
        } else if (!appendLock.tryLock()) {
            return PutStatus.WOULD_WAIT;
        }
        try {
            if (!health.isHealthy()) {
                health.countRefused();
                return PutStatus.STORE_FAILED;
            }
            if (!mayWait && wouldWait(bytes)) {
                return PutStatus.WOULD_WAIT;
            }
            MappedSegment seg = segmentWithRoom(bytes);
            if (seg == null || (staging != null && !awaitStagingRoom(writePos + bytes))) {
                return health.isHealthy() ? PutStatus.SERVICE_NOT_AVAILABLE : PutStatus.STORE_FAILED;
            }
            long now = clock.nowMs(); // after any wait for room: the store time is when it went in
            batch.patch(writePos, now, queueOffsets);
            if (staging != null) {
                staging.put(writePos, batch.buffer(), bytes);
            } else if (writeThroughChannel) {
                seg.write((int) (writePos - seg.startOffset()), batch.encoded(), ops);
            } else {
                seg.buffer().put((int) (writePos - seg.startOffset()), batch.buffer(), 0, bytes);
            }
            writePos += bytes;
            lastStoreTimestampMs = now;
            appendedOffset = writePos;
            if (staging == null) {
                writtenOffset = writePos;
            }
            end = writePos;
        } catch (UncheckedIOException e) {
            // nothing after writePos counts: the position did not move, later appends are refused
            health.fail("append to the commit log at " + writePos, e);
            return PutStatus.STORE_FAILED;
        } finally {
            appendLock.unlock();
        }
        if (staging == null) {
            appendListener.accept(end);
        }
        return PutStatus.PUT_OK;
    }

    /** Whether appending {@code bytes} now could wait (append lock held). */
    private boolean wouldWait(int bytes) {
        if (writeThroughChannel) {
            return true;
        }
        MappedSegment seg = files.last();
        if (seg == null || seg.endOffset() - writePos < bytes + StoredRecordLayout.BLANK_MIN_BYTES) {
            return true;
        }
        return staging != null && writePos + bytes - writtenOffset > staging.capacity();
    }

    /** The segment to append {@code bytes} to, rolling when needed; null if staging had no room. */
    private MappedSegment segmentWithRoom(int bytes) {
        MappedSegment seg = files.last();
        if (seg == null || writePos >= seg.endOffset()) {
            if (seg != null && staging == null) {
                seg.closeWriteChannel();
            }
            return files.roll(writePos);
        }
        long left = seg.endOffset() - writePos;
        if (left >= bytes + StoredRecordLayout.BLANK_MIN_BYTES) {
            return seg;
        }
        int segPos = (int) (writePos - seg.startOffset());
        if (staging != null) {
            // the blank marker and zeros up to the segment's end: the flush thread writes them with
            // the rest and closes the segment's channel when it reaches the end
            if (!awaitStagingRoom(seg.endOffset())) {
                return null;
            }
            ByteBuffer blank = blankMarker((int) left);
            staging.put(writePos, blank, blank.limit());
            staging.zero(writePos + blank.limit(), (int) left - blank.limit());
        } else if (writeThroughChannel) {
            seg.write(segPos, blankMarker((int) left), ops);
            seg.closeWriteChannel();
        } else {
            seg.buffer().putInt(segPos, (int) left);
            seg.buffer().putInt(segPos + StoredRecordLayout.MAGIC, StoredRecordLayout.BLANK_MAGIC);
        }
        writePos = seg.endOffset();
        appendedOffset = writePos;
        if (staging == null) {
            writtenOffset = writePos;
        }
        return files.roll(writePos);
    }

    private static ByteBuffer blankMarker(int left) {
        ByteBuffer blank = ByteBuffer.allocate(StoredRecordLayout.BLANK_MIN_BYTES);
        blank.putInt(0, left).putInt(StoredRecordLayout.MAGIC, StoredRecordLayout.BLANK_MAGIC);
        return blank;
    }

    /**
     * Waits (append lock held, so appenders queue behind) until the staging buffer can hold the
     * bytes up to {@code end}; false after {@link #STAGING_WAIT_MAX_NS}.
     */
    private boolean awaitStagingRoom(long end) {
        if (end - writtenOffset <= staging.capacity()) {
            return true;
        }
        long deadline = clock.monotonicNs() + STAGING_WAIT_MAX_NS;
        waitingForRoom = Thread.currentThread();
        try {
            while (end - writtenOffset > staging.capacity()) {
                if (clock.monotonicNs() - deadline > 0 || !health.isHealthy()) {
                    return false;
                }
                stagingFull.run();
                LockSupport.parkNanos(this, STAGING_WAIT_NAP_NS);
            }
            return true;
        } finally {
            waitingForRoom = null;
        }
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

    /**
     * End of the appended records: equal to {@link #writtenOffset()} unless staged, where it also
     * counts the bytes the flush thread has not written yet.
     */
    public long appendedOffset() {
        return appendedOffset;
    }

    /**
     * Writes what is staged (flush thread only) and tells the append listener; false when there
     * was nothing to write (always, unless staged).
     */
    public boolean writeStaged() {
        if (staging == null) {
            return false;
        }
        long to = appendedOffset;
        long from = writtenOffset;
        if (to <= from) {
            return false;
        }
        staging.drain(from, to, files, ops);
        writtenOffset = to;
        Thread waiter = waitingForRoom;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
        appendListener.accept(to);
        return true;
    }

    /**
     * Writes what is staged, then forces everything written so far; flush thread only. Returns the
     * new flushed offset. A failed write or force trips the latch and leaves the flushed offset
     * where it was; once failed, nothing is written or forced any more.
     */
    public long flush() {
        if (!health.isHealthy()) {
            return flushedOffset;
        }
        long from = flushedOffset;
        try {
            writeStaged();
            long target = writtenOffset;
            if (target > from) {
                files.force(from, target, ops);
                flushedOffset = target;
            }
        } catch (UncheckedIOException e) {
            health.fail("flush of the commit log from " + from, e);
        }
        return flushedOffset;
    }

    /**
     * Appends bytes copied from a master's log (a slave's only writer): they must start exactly at
     * this log's end, and are laid into the segments as they arrive, rolling a new segment at each
     * segment end, so that the result is byte for byte the master's (its blank markers and zero
     * padding included). Throws {@link IllegalStateException} naming both offsets when {@code
     * offset} is not this log's end; nothing is written then. The writes go through the log's {@link
     * FileOps}, like a master's: a failed write fails the log (fail-stop) and throws.
     */
    public void appendReplicated(long offset, ByteBuffer bytes) {
        long end;
        appendLock.lock();
        try {
            if (!health.isHealthy()) { // a slave whose disk failed stops taking (and so acknowledging) bytes
                health.countRefused();
                throw new IllegalStateException(
                        "the commit log failed and takes no replicated bytes: " + health.failure());
            }
            if (offset != writePos || appendedOffset != writtenOffset) {
                throw new IllegalStateException("replicated bytes start at " + offset + " but this log ends at "
                        + writePos + " (appended " + appendedOffset + ")");
            }
            while (bytes.hasRemaining()) {
                MappedSegment seg = files.last();
                if (seg == null || writePos >= seg.endOffset()) {
                    if (seg != null) {
                        seg.closeWriteChannel();
                    }
                    seg = files.roll(writePos);
                }
                int n = (int) Math.min(bytes.remaining(), seg.endOffset() - writePos);
                int segPos = (int) (writePos - seg.startOffset());
                if (writeThroughChannel || staging != null) {
                    seg.write(segPos, bytes.slice(bytes.position(), n), ops);
                } else {
                    seg.buffer().put(segPos, bytes, bytes.position(), n);
                }
                bytes.position(bytes.position() + n);
                writePos += n;
                appendedOffset = writePos;
                writtenOffset = writePos;
            }
            end = writePos;
        } catch (UncheckedIOException e) {
            // as for a local append: the bytes past writePos do not count, the log takes nothing
            // more, and the slave stops reporting (so acknowledging) offsets it cannot keep
            health.fail("replicated write to the commit log at " + writePos, e);
            throw new IllegalStateException("the commit log failed at " + writePos + ": " + e.getMessage(), e);
        } finally {
            appendLock.unlock();
        }
        appendListener.accept(end);
    }

    /**
     * Makes an empty log start at {@code offset} (a new slave copying from the start of its master's
     * last segment); {@code offset} must be a segment start. Throws {@link IllegalStateException} when
     * the log holds anything.
     */
    public void startEmptyAt(long offset) {
        appendLock.lock();
        try {
            if (!files.isEmpty() || writePos != 0) {
                throw new IllegalStateException("the log is not empty: it ends at " + writePos);
            }
            if (offset < 0 || offset % files.segmentBytes() != 0) {
                throw new IllegalStateException("a log can only start at a segment start, not at " + offset);
            }
            writePos = offset;
            appendedOffset = offset;
            writtenOffset = offset;
            flushedOffset = offset;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Copies the log's bytes from {@code offset} into {@code dst}, as many as fit, up to the written
     * offset and never past the end of the segment holding {@code offset}; returns how many (0 when
     * {@code offset} is at or past the end, or below the oldest segment).
     */
    public int readRaw(long offset, ByteBuffer dst) {
        MappedSegment seg = retainSegmentFor(offset);
        if (seg == null) {
            return 0;
        }
        try {
            long end = Math.min(writtenOffset, seg.endOffset());
            int n = (int) Math.min(dst.remaining(), end - offset);
            if (n <= 0) {
                return 0;
            }
            dst.put(dst.position(), seg.buffer(), (int) (offset - seg.startOffset()), n);
            dst.position(dst.position() + n);
            return n;
        } finally {
            seg.release();
        }
    }

    /** Retains the segment holding {@code offset}; null if none. Release after use. */
    public MappedSegment retainSegmentFor(long offset) {
        return offset < writtenOffset ? files.retainSegmentFor(offset) : null;
    }

    /** Closes the segment files and frees the staging buffer; nothing may append or flush. */
    @Override
    public void close() {
        files.close();
        if (staging != null) {
            staging.close();
        }
    }
}
