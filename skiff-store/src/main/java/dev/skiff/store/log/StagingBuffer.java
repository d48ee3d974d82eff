package dev.skiff.store.log;

import dev.skiff.store.file.FileOps;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.file.SegmentedFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Off-heap ring of appended commit-log bytes that are not in the segment files yet, addressed by
 * log offset ({@code offset % capacity}). The appender copies each batch in (a memory copy, no
 * system call); the flush thread {@link #drain drains} a whole round of appends into the files with
 * one {@code write} per segment and ring wrap, then forces them. The caller keeps what is staged
 * within the capacity: bytes of [drained, appended) only, never more than {@link #capacity()}.
 *
 * <p>Threads: {@link #put} and {@link #zero} by the appender (under the append lock), {@link
 * #drain} by the flush thread; the caller orders them with volatile offsets (the appender publishes
 * its end after copying, the flush thread publishes the drained end after writing).
 */
final class StagingBuffer implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final MemorySegment memory;
    /** The appender's view (absolute puts only). */
    private final ByteBuffer ring;
    /** The flush thread's view, whose position and limit frame each write. */
    private final ByteBuffer drainView;

    StagingBuffer(int capacity) {
        if (capacity < 4096) {
            throw new IllegalArgumentException("staging capacity below 4 KiB: " + capacity);
        }
        this.capacity = capacity;
        this.memory = arena.allocate(capacity, 4096);
        this.ring = memory.asByteBuffer();
        this.drainView = ring.duplicate();
    }

    int capacity() {
        return capacity;
    }

    /** Copies {@code len} bytes of {@code src} from index 0 to log offset {@code offset}. */
    void put(long offset, ByteBuffer src, int len) {
        int at = (int) (offset % capacity);
        int first = Math.min(len, capacity - at);
        ring.put(at, src, 0, first);
        if (first < len) {
            ring.put(0, src, first, len - first);
        }
    }

    /** Stages {@code len} zero bytes at log offset {@code offset} (the tail after a blank marker). */
    void zero(long offset, int len) {
        int at = (int) (offset % capacity);
        for (int done = 0; done < len; ) {
            int p = (at + done) % capacity;
            int n = Math.min(len - done, capacity - p);
            memory.asSlice(p, n).fill((byte) 0);
            done += n;
        }
    }

    /**
     * Writes the staged bytes of [{@code from}, {@code to}) into their segments of {@code files}
     * (flush thread only) through {@code ops}, closing the write channel of each segment it fills
     * to the end. A failed or short write is thrown; what was drained before it is in the files.
     */
    void drain(long from, long to, SegmentedFile files, FileOps ops) {
        long at = from;
        while (at < to) {
            MappedSegment seg = files.retainSegmentFor(at);
            if (seg == null) {
                throw new IllegalStateException("no commit-log segment holds staged offset " + at);
            }
            try {
                long end = Math.min(to, seg.endOffset());
                while (at < end) {
                    int ringPos = (int) (at % capacity);
                    int n = (int) Math.min(end - at, capacity - ringPos);
                    drainView.limit(ringPos + n).position(ringPos);
                    seg.write((int) (at - seg.startOffset()), drainView, ops);
                    at += n;
                }
                if (end == seg.endOffset()) {
                    seg.closeWriteChannel();
                }
            } finally {
                seg.release();
            }
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
