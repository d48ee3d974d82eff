package dev.skiff.store.index;

import dev.skiff.store.file.MappedSegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One hash index file: a header, {@code slotCount} hash slots and up to {@code entryCount}
 * entries chained per slot (newest first). Entry 0 is never used, so slot value 0 means empty.
 *
 * <pre>
 * header (40 bytes)
 *   0  8  begin timestamp ms (store time of the first entry)
 *   8  8  end timestamp ms (of the last entry)
 *  16  8  begin physical offset
 *  24  8  end physical offset (of the last record indexed; informative, see endPhysicalOffset)
 *  32  4  slots in use
 *  36  4  next entry number (1 when empty)
 * slots (slotCount x 4): number of the newest entry of the slot, 0 = empty
 * entries (entryCount x 20)
 *   0  4  key hash (non-negative String hash of "topic#key")
 *   4  8  physical offset of the record
 *  12  4  seconds between begin timestamp and the record's store time
 *  16  4  number of the previous entry of the same slot, 0 = end of chain
 * </pre>
 *
 * <p>Written by the dispatcher only. The entry count is also kept in a volatile field, published
 * after the entry and its slot are written; readers ignore entries at or past it. Storing the
 * entry count is the only publication: a process killed inside {@link #put} leaves the page cache
 * with any prefix of its stores, so nothing read back may trust a field {@code put} writes before
 * it (the end offset, the slot of the unpublished entry).
 */
final class IndexFile {
    static final int HEADER_BYTES = 40;
    static final int SLOT_BYTES = 4;
    static final int ENTRY_BYTES = 20;

    private final MappedSegment segment;
    private final ByteBuffer buf;
    private final int slotCount;
    private final int entryCount;
    private final long nameTimestampMs;
    private volatile int published;
    private long flushedAtCount;

    private IndexFile(MappedSegment segment, int slotCount, int entryCount, long nameTimestampMs) {
        this.segment = segment;
        this.buf = segment.buffer();
        this.slotCount = slotCount;
        this.entryCount = entryCount;
        this.nameTimestampMs = nameTimestampMs;
        int next = buf.getInt(36);
        this.published = next <= 0 || next > entryCount ? 1 : next;
        if (next <= 0) {
            buf.putInt(36, 1);
        }
        unlinkUnpublished();
        this.flushedAtCount = published;
    }

    /**
     * A process killed inside {@link #put} after it linked the slot to the entry it was adding, but
     * before it published that entry, leaves the slot pointing at an unpublished entry: queries then
     * miss the slot's whole chain, and the next put that reuses the entry number either drops the
     * chain or joins it to another slot's. The entry was written before the slot, so its previous
     * link is sound: point the slot back at it.
     */
    private void unlinkUnpublished() {
        int n = published;
        if (n >= entryCount) {
            return;
        }
        int at = entryAt(n);
        int hash = buf.getInt(at);
        if (hash < 0) {
            return;
        }
        int slotAt = slotAt(hash);
        if (buf.getInt(slotAt) == n) {
            int prev = buf.getInt(at + 16);
            buf.putInt(slotAt, prev > 0 && prev < n ? prev : 0);
        }
    }

    static long bytesFor(int slotCount, int entryCount) {
        return HEADER_BYTES + (long) SLOT_BYTES * slotCount + (long) ENTRY_BYTES * entryCount;
    }

    static IndexFile open(Path path, long nameTimestampMs, int slotCount, int entryCount) {
        MappedSegment seg = MappedSegment.open(path, 0, (int) bytesFor(slotCount, entryCount));
        return new IndexFile(seg, slotCount, entryCount, nameTimestampMs);
    }

    long nameTimestampMs() {
        return nameTimestampMs;
    }

    boolean isFull() {
        return published >= entryCount;
    }

    boolean isEmpty() {
        return published <= 1;
    }

    long beginTimestampMs() {
        return buf.getLong(0);
    }

    long endTimestampMs() {
        return buf.getLong(8);
    }

    /**
     * Physical offset of the last published entry, -1 when empty. Read from that entry rather than
     * the header, which {@link #put} advances just before it publishes: after a kill between the
     * two the header names a record whose entry is not visible, and recovery would not index it
     * again.
     */
    long endPhysicalOffset() {
        int n = published;
        return n <= 1 ? -1 : buf.getLong(entryAt(n - 1) + 4);
    }

    /** Adds an entry; the caller checked {@link #isFull()}. */
    void put(int keyHash, long physicalOffset, long storeTimestampMs) {
        int n = published;
        if (n == 1) {
            buf.putLong(0, storeTimestampMs);
            buf.putLong(16, physicalOffset);
        }
        long begin = buf.getLong(0);
        int slotAt = slotAt(keyHash);
        int prev = buf.getInt(slotAt);
        if (prev < 0 || prev >= n) {
            prev = 0;
        }
        int at = entryAt(n);
        buf.putInt(at, keyHash);
        buf.putLong(at + 4, physicalOffset);
        buf.putInt(at + 12, (int) Math.max(0, (storeTimestampMs - begin) / 1000));
        buf.putInt(at + 16, prev);
        buf.putInt(slotAt, n);
        if (prev == 0) {
            buf.putInt(32, buf.getInt(32) + 1);
        }
        buf.putLong(8, Math.max(storeTimestampMs, buf.getLong(8)));
        buf.putLong(24, physicalOffset);
        buf.putInt(36, n + 1);
        published = n + 1;
    }

    private int slotAt(int keyHash) {
        return HEADER_BYTES + (keyHash % slotCount) * SLOT_BYTES;
    }

    private int entryAt(int n) {
        return HEADER_BYTES + slotCount * SLOT_BYTES + n * ENTRY_BYTES;
    }

    /**
     * Adds to {@code out} the physical offsets of entries with {@code keyHash} stored within
     * [beginMs, endMs], newest first; stops when {@code out} holds {@code max}.
     */
    void query(int keyHash, long beginMs, long endMs, int max, OffsetList out) {
        if (!segment.retain()) {
            return;
        }
        try {
            int limit = published;
            long begin = buf.getLong(0);
            int n = buf.getInt(slotAt(keyHash));
            int steps = 0;
            while (n > 0 && n < limit && steps++ < limit && out.size() < max) {
                int at = entryAt(n);
                long ts = begin + buf.getInt(at + 12) * 1000L;
                if (buf.getInt(at) == keyHash && ts >= beginMs - 999 && ts <= endMs) {
                    out.add(buf.getLong(at + 4));
                }
                int prev = buf.getInt(at + 16);
                n = prev < n ? prev : 0;
            }
        } finally {
            segment.release();
        }
    }

    /** Whether a published entry has {@code keyHash} and {@code physicalOffset}. */
    boolean holds(int keyHash, long physicalOffset) {
        OffsetList found = new OffsetList();
        query(keyHash, 0, Long.MAX_VALUE, Integer.MAX_VALUE, found);
        return found.contains(physicalOffset);
    }

    void flush() {
        int n = published;
        if (n > flushedAtCount) {
            segment.force(0, segment.sizeBytes());
            flushedAtCount = n;
        }
    }

    void destroy() {
        segment.destroy();
    }

    void close() {
        segment.close();
    }

    MappedSegment segment() {
        return segment;
    }
}
