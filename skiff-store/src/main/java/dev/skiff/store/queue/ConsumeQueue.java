package dev.skiff.store.queue;

import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.file.SegmentedFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The consume queue of one topic and queue id: entry {@code n} (queue offset n) lies at byte
 * {@code n * 20} of a logical file split into files of {@code entriesPerFile} entries, each named
 * by its 20-digit start <em>byte</em> offset.
 *
 * <pre>
 * offset size field
 *   0    8    commit-log offset of the record
 *   8    4    record size (0 = no entry: never written)
 *  12    8    tag hash code
 * </pre>
 *
 * <p>Written by the dispatcher thread only; readers read entries below {@link #maxOffset()},
 * published after the entry bytes.
 *
 * <p>The <em>floor</em> is the first offset that may hold an entry: a deleted topic's queue keeps
 * counting from where it was ({@link #deleteAllAndContinueAt}), and offsets below the floor belong
 * to records written before the delete, which stay in the commit log but never enter the queue
 * again. It is 0 for a queue whose topic was never deleted, and only rises.
 */
public final class ConsumeQueue {
    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 20;

    private final String topic;
    private final int queueId;
    private final SegmentedFile files;
    private volatile long floorOffset;
    private volatile long minOffset;
    private volatile long maxOffset;
    private long flushedBytes;

    public ConsumeQueue(String topic, int queueId, Path dir, int entriesPerFile) {
        this.topic = topic;
        this.queueId = queueId;
        this.files = new SegmentedFile(dir, entriesPerFile * ENTRY_BYTES, null);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** Maps existing files and finds the last entry written. */
    public void load() {
        files.load();
        MappedSegment last = files.last();
        if (last == null) {
            return;
        }
        ByteBuffer b = last.buffer();
        int n = 0;
        int entries = last.sizeBytes() / ENTRY_BYTES;
        for (int i = 0; i < entries; i++) {
            if (b.getInt(i * ENTRY_BYTES + 8) > 0) {
                n = i + 1;
            }
        }
        maxOffset = last.startOffset() / ENTRY_BYTES + n;
        minOffset = files.minOffset(0) / ENTRY_BYTES;
        flushedBytes = maxOffset * ENTRY_BYTES;
    }

    /**
     * Raises the floor to {@code floor} after {@link #load()} (the topic's watermark): files holding
     * only entries below it (a delete cut short by a crash) are deleted, and min and max rise to it.
     * Before recovery, with no reader.
     */
    void raiseFloor(long floor) {
        if (floor <= floorOffset) {
            return;
        }
        floorOffset = floor;
        long floorBytes = floor * ENTRY_BYTES;
        if (maxOffset <= floor) {
            files.deleteAll();
        } else {
            files.deleteFromFront(seg -> seg.endOffset() <= floorBytes, Integer.MAX_VALUE);
        }
        minOffset = Math.max(minOffset, floor);
        maxOffset = Math.max(maxOffset, floor);
        flushedBytes = Math.max(flushedBytes, maxOffset * ENTRY_BYTES);
    }

    /** The first offset that may hold an entry (0 unless the topic was deleted). */
    public long floorOffset() {
        return floorOffset;
    }

    /** Offset of the oldest entry still pointing at stored data. */
    public long minOffset() {
        return minOffset;
    }

    /** Offset the next entry will get (= number of entries ever written). */
    public long maxOffset() {
        return maxOffset;
    }

    /**
     * Writes the entry for {@code queueOffset} (dispatcher thread). Entries already present are
     * skipped (re-dispatch after recovery); returns whether it was written.
     */
    public boolean put(long queueOffset, long physicalOffset, int size, long tagsCode) {
        if (queueOffset < maxOffset) {
            return false;
        }
        long pos = queueOffset * ENTRY_BYTES;
        MappedSegment seg = segmentForWrite(pos);
        int at = (int) (pos - seg.startOffset());
        ByteBuffer b = seg.buffer();
        b.putLong(at, physicalOffset);
        b.putInt(at + 8, size);
        b.putLong(at + 12, tagsCode);
        maxOffset = queueOffset + 1;
        return true;
    }

    private MappedSegment segmentForWrite(long pos) {
        MappedSegment last = files.last();
        if (last == null) {
            long start = pos - pos % files.segmentBytes();
            minOffset = pos / ENTRY_BYTES;
            return files.roll(start);
        }
        while (last.endOffset() <= pos) {
            last = files.roll(last.endOffset());
        }
        return last;
    }

    /** Reads entry {@code queueOffset} into {@code out}; false when it is not stored. */
    public boolean read(long queueOffset, Entry out) {
        if (queueOffset < minOffset || queueOffset >= maxOffset) {
            return false;
        }
        long pos = queueOffset * ENTRY_BYTES;
        MappedSegment seg = files.retainSegmentFor(pos);
        if (seg == null) {
            return false;
        }
        try {
            int at = (int) (pos - seg.startOffset());
            ByteBuffer b = seg.buffer();
            out.set(queueOffset, b.getLong(at), b.getInt(at + 8), b.getLong(at + 12));
            return out.size() > 0;
        } finally {
            seg.release();
        }
    }

    /**
     * Reads up to {@code max} entries from {@code queueOffset} within one file into {@code out};
     * returns how many were read (0 when the offset is not stored).
     */
    public int readRun(long queueOffset, int max, EntryBatch out) {
        out.clear();
        if (queueOffset < minOffset || queueOffset >= maxOffset) {
            return 0;
        }
        long pos = queueOffset * ENTRY_BYTES;
        MappedSegment seg = files.retainSegmentFor(pos);
        if (seg == null) {
            return 0;
        }
        try {
            long end = Math.min(maxOffset, seg.endOffset() / ENTRY_BYTES);
            int n = (int) Math.min(max, end - queueOffset);
            ByteBuffer b = seg.buffer();
            for (int i = 0; i < n; i++) {
                int at = (int) (pos - seg.startOffset()) + i * ENTRY_BYTES;
                out.add(b.getLong(at), b.getInt(at + 8), b.getLong(at + 12));
            }
            return n;
        } finally {
            seg.release();
        }
    }

    /** Retains the file holding {@code queueOffset}, or null; a reader's hold, for tests. */
    MappedSegment retainFileOf(long queueOffset) {
        return files.retainSegmentFor(queueOffset * ENTRY_BYTES);
    }

    /** Queue offset just past the file that holds {@code queueOffset}. */
    public long nextFileStart(long queueOffset) {
        long per = files.segmentBytes() / ENTRY_BYTES;
        return (queueOffset / per + 1) * per;
    }

    /** Drops entries whose record ends beyond {@code commitLogEnd} (recovery, before dispatch). */
    public long truncateToCommitLog(long commitLogEnd) {
        Entry e = new Entry();
        long max = maxOffset;
        while (max > minOffset && (!read(max - 1, e) || e.physicalOffset() + e.size() > commitLogEnd)) {
            max--;
        }
        long dropped = maxOffset - max;
        if (dropped > 0) {
            maxOffset = max;
            files.truncateTo(max * ENTRY_BYTES);
            flushedBytes = Math.min(flushedBytes, max * ENTRY_BYTES);
        }
        return dropped;
    }

    /** Physical end (offset + size) of the last entry, or -1 when empty. */
    public long lastPhysicalEnd() {
        Entry e = new Entry();
        return maxOffset > minOffset && read(maxOffset - 1, e) ? e.physicalOffset() + e.size() : -1;
    }

    /**
     * Deletes files whose entries all point below {@code commitLogMin} and moves the minimum offset
     * to the first entry at or above it (retention; dispatcher-owned state is only the min).
     */
    public int deleteBelow(long commitLogMin) {
        int per = files.segmentBytes() / ENTRY_BYTES;
        int deleted = files.deleteFromFront(seg -> lastEntryPhysical(seg, per) < commitLogMin, Integer.MAX_VALUE);
        correctMinOffset(commitLogMin);
        return deleted;
    }

    private long lastEntryPhysical(MappedSegment seg, int per) {
        long lastOffset = Math.min(maxOffset, seg.endOffset() / ENTRY_BYTES) - 1;
        if (lastOffset < seg.startOffset() / ENTRY_BYTES) {
            return Long.MAX_VALUE;
        }
        return seg.buffer().getLong((int) (lastOffset * ENTRY_BYTES - seg.startOffset()));
    }

    /** Sets the minimum offset to the first entry whose record is at or after {@code commitLogMin}. */
    public void correctMinOffset(long commitLogMin) {
        long lo = Math.max(floorOffset, files.minOffset(maxOffset * ENTRY_BYTES) / ENTRY_BYTES);
        long hi = maxOffset;
        Entry e = new Entry();
        minOffset = lo;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (read(mid, e) && e.physicalOffset() >= commitLogMin) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        minOffset = lo;
    }

    /** Forces entries written since the last flush. */
    public void flush() {
        flush(0);
    }

    /**
     * Forces the entries written since the last flush if at least {@code minDirtyBytes} of them
     * are waiting; returns the commit-log offset of the first entry left unforced, or {@link
     * Long#MAX_VALUE} when every entry is on the device.
     */
    public long flush(long minDirtyBytes) {
        long to = maxOffset * ENTRY_BYTES;
        long dirty = to - flushedBytes;
        if (dirty <= 0) {
            return Long.MAX_VALUE;
        }
        if (dirty < minDirtyBytes) {
            Entry first = new Entry();
            if (read(flushedBytes / ENTRY_BYTES, first)) {
                return first.physicalOffset();
            }
        }
        files.force(flushedBytes, to);
        flushedBytes = to;
        return Long.MAX_VALUE;
    }

    /**
     * Topic deletion: every entry goes, with the files and the folder, and the queue continues at
     * {@code floor}, at least {@link #maxOffset()}: min, max and floor become {@code floor}, so no
     * offset is used twice and nothing older is readable. Min is raised before the files go, so a new
     * read finds nothing; a read already holding a file keeps its bytes until it releases it. The
     * new state stands even when a file cannot be deleted (the error is thrown). The caller must
     * exclude the dispatcher (the writer) and the flushing and retention thread.
     */
    void deleteAllAndContinueAt(long floor) {
        if (floor < maxOffset || floor < floorOffset) {
            throw new IllegalStateException("queue " + topic + "/" + queueId + " cannot continue at " + floor
                    + " below max " + maxOffset + " or floor " + floorOffset);
        }
        floorOffset = floor;
        minOffset = floor;
        maxOffset = floor;
        flushedBytes = floor * ENTRY_BYTES;
        files.deleteAll();
    }

    public void close() {
        files.close();
    }

    /** A mutable holder of one entry, reused by readers. */
    public static final class Entry {
        private long queueOffset;
        private long physicalOffset;
        private int size;
        private long tagsCode;

        void set(long queueOffset, long physicalOffset, int size, long tagsCode) {
            this.queueOffset = queueOffset;
            this.physicalOffset = physicalOffset;
            this.size = size;
            this.tagsCode = tagsCode;
        }

        public long queueOffset() {
            return queueOffset;
        }

        public long physicalOffset() {
            return physicalOffset;
        }

        public int size() {
            return size;
        }

        public long tagsCode() {
            return tagsCode;
        }
    }
}
