package dev.skiff.broker.timer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The timer log: an append-only sequence of fixed-size entries, one per parked timer message, in
 * memory-mapped segment files {@code timerlog/<20-digit start position>} of {@code segmentBytes}
 * each (a multiple of {@link #ENTRY_BYTES}). A position is a byte offset in the whole log; entries
 * never straddle segments. One thread (the timer thread) appends and reads.
 *
 * <table>
 *   <caption>one entry, 48 bytes, big-endian</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 0x534B544C} ("SKTL"); 0 marks the end of the log</td></tr>
 *   <tr><td>4</td><td>4</td><td>CRC32C of bytes 8..47</td></tr>
 *   <tr><td>8</td><td>8</td><td>delivery time, epoch ms</td></tr>
 *   <tr><td>16</td><td>8</td><td>commit-log offset of the parked message</td></tr>
 *   <tr><td>24</td><td>8</td><td>its offset in the timer topic's consume queue</td></tr>
 *   <tr><td>32</td><td>8</td><td>position of the previous entry of the same wheel slot, -1 for none</td></tr>
 *   <tr><td>40</td><td>4</td><td>size of the parked message in bytes</td></tr>
 *   <tr><td>44</td><td>4</td><td>flags: {@link #FLAG_DELIVERED} = delivered when logged (it was due already)</td></tr>
 * </table>
 *
 * <p>Recovery ({@link #recover}) reads every entry from the oldest segment on and stops at the
 * first one whose magic or CRC is wrong (a torn or never-written tail): the rest of that segment
 * is zeroed and later segments are deleted, so appends continue there. Segments whose every entry
 * is due before a time are deleted oldest first ({@link #deleteFiredSegments}): an older segment
 * always goes before a newer one, so a slot chain that reaches a deleted position has nothing live
 * left behind it.
 */
public final class TimerLog implements AutoCloseable {
    public static final int ENTRY_BYTES = 48;
    public static final int MAGIC = 0x534B544C;
    public static final int FLAG_DELIVERED = 1;
    /** Most segments kept; a log beyond it refuses appends (the timer then stops enqueuing). */
    static final int SEGMENTS_MAX = 100_000;

    /** One entry, reused by the caller. */
    public static final class Entry {
        public long deliverMs;
        public long commitLogOffset;
        public long queueOffset;
        public long prevPos = -1;
        public int size;
        public int flags;

        public Entry set(long deliverMs, long commitLogOffset, long queueOffset, int size, int flags) {
            this.deliverMs = deliverMs;
            this.commitLogOffset = commitLogOffset;
            this.queueOffset = queueOffset;
            this.size = size;
            this.flags = flags;
            this.prevPos = -1;
            return this;
        }
    }

    /** Told of each valid entry during recovery, oldest first. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long pos, Entry entry);
    }

    private static final class Segment {
        final long start;
        final Path path;
        final Arena arena;
        final MemorySegment map;
        long maxDeliverMs = Long.MIN_VALUE;

        Segment(long start, Path path, Arena arena, MemorySegment map) {
            this.start = start;
            this.path = path;
            this.arena = arena;
            this.map = map;
        }
    }

    private final Path dir;
    private final int segmentBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final byte[] scratch = new byte[ENTRY_BYTES];
    private final ByteBuffer scratchBuf = ByteBuffer.wrap(scratch).order(ByteOrder.BIG_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long endPos;
    private long forcedPos;
    private boolean recovered;

    private TimerLog(Path dir, int segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens (creating the folder if needed) the log in {@code dir}; call {@link #recover} next. */
    public static TimerLog open(Path dir, int segmentBytes) throws IOException {
        if (segmentBytes < ENTRY_BYTES || segmentBytes % ENTRY_BYTES != 0) {
            throw new IllegalArgumentException("timer log segment size must be a multiple of " + ENTRY_BYTES);
        }
        Files.createDirectories(dir);
        TimerLog log = new TimerLog(dir, segmentBytes);
        List<Long> starts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.matches("\\d{20}")) {
                    starts.add(Long.parseLong(name));
                }
            }
        }
        starts.sort(null);
        for (long start : starts) {
            if (start % segmentBytes != 0) {
                log.close();
                throw new IOException("timer log segment " + dir.resolve(name(start)) + " does not start on a "
                        + segmentBytes + "-byte boundary (was timerLogSegmentBytes changed?)");
            }
            log.segments.addLast(log.map(start));
        }
        log.endPos = starts.isEmpty() ? 0 : starts.get(0);
        return log;
    }

    private static String name(long start) {
        return String.format("%020d", start);
    }

    private Segment map(long start) throws IOException {
        Path path = dir.resolve(name(start));
        Arena arena = Arena.ofShared();
        try (FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes, arena);
            return new Segment(start, path, arena, map);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Reads every valid entry, oldest first, telling {@code visitor}; truncates the log after the
     * last one. Returns the end position. Call once, before any append.
     */
    public long recover(EntryVisitor visitor) throws IOException {
        if (recovered) {
            throw new IllegalStateException("already recovered");
        }
        recovered = true;
        Entry e = new Entry();
        List<Segment> list = new ArrayList<>(segments);
        endPos = list.isEmpty() ? 0 : list.get(0).start;
        for (Segment seg : list) {
            if (seg.start != endPos) {
                dropFrom(seg); // a missing segment before it: nothing after the gap is trusted
                break;
            }
            long off = 0;
            while (off < segmentBytes && readAt(seg, off, e)) {
                seg.maxDeliverMs = Math.max(seg.maxDeliverMs, e.deliverMs);
                visitor.visit(seg.start + off, e);
                off += ENTRY_BYTES;
            }
            endPos = seg.start + off;
            if (off < segmentBytes) {
                seg.map.asSlice(off).fill((byte) 0);
                seg.map.force();
                Segment next = nextAfter(seg);
                if (next != null) {
                    dropFrom(next);
                }
                break;
            }
        }
        forcedPos = endPos;
        return endPos;
    }

    private Segment nextAfter(Segment seg) {
        boolean found = false;
        for (Segment s : segments) {
            if (found) {
                return s;
            }
            found = s == seg;
        }
        return null;
    }

    /** Deletes {@code first} and every segment after it. */
    private void dropFrom(Segment first) throws IOException {
        while (!segments.isEmpty()) {
            Segment last = segments.pollLast();
            last.arena.close();
            Files.deleteIfExists(last.path);
            if (last == first) {
                return;
            }
        }
    }

    /** Appends an entry (its {@code prevPos} as set) and returns its position. */
    public long append(Entry e) {
        requireRecovered();
        Segment seg = segments.peekLast();
        if (seg == null || endPos - seg.start >= segmentBytes) {
            seg = roll();
        }
        long off = endPos - seg.start;
        encode(e);
        MemorySegment.copy(scratch, 0, seg.map, ValueLayout.JAVA_BYTE, off, ENTRY_BYTES);
        seg.maxDeliverMs = Math.max(seg.maxDeliverMs, e.deliverMs);
        long pos = endPos;
        endPos += ENTRY_BYTES;
        return pos;
    }

    private Segment roll() {
        if (segments.size() >= SEGMENTS_MAX) {
            throw new IllegalStateException("the timer log holds " + SEGMENTS_MAX + " segments; no room for more");
        }
        long start = segments.isEmpty() ? endPos - endPos % segmentBytes : segments.peekLast().start + segmentBytes;
        try {
            Segment seg = map(start);
            segments.addLast(seg);
            endPos = start;
            return seg;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot create timer log segment at " + start, ex);
        }
    }

    private void encode(Entry e) {
        scratchBuf.clear();
        scratchBuf.putInt(0, MAGIC);
        scratchBuf.putLong(8, e.deliverMs);
        scratchBuf.putLong(16, e.commitLogOffset);
        scratchBuf.putLong(24, e.queueOffset);
        scratchBuf.putLong(32, e.prevPos);
        scratchBuf.putInt(40, e.size);
        scratchBuf.putInt(44, e.flags);
        scratchBuf.putInt(4, checksum());
    }

    private int checksum() {
        crc.reset();
        crc.update(scratch, 8, ENTRY_BYTES - 8);
        return (int) crc.getValue();
    }

    /**
     * Reads the entry at {@code pos} into {@code e}; false when the position is outside the log
     * (deleted or not written) or the entry fails its magic or CRC check.
     */
    public boolean read(long pos, Entry e) {
        if (pos < 0 || pos >= endPos || pos % ENTRY_BYTES != 0) {
            return false;
        }
        Segment seg = segmentFor(pos);
        return seg != null && readAt(seg, pos - seg.start, e);
    }

    private boolean readAt(Segment seg, long off, Entry e) {
        MemorySegment.copy(seg.map, ValueLayout.JAVA_BYTE, off, scratch, 0, ENTRY_BYTES);
        if (scratchBuf.getInt(0) != MAGIC || scratchBuf.getInt(4) != checksum()) {
            return false;
        }
        e.deliverMs = scratchBuf.getLong(8);
        e.commitLogOffset = scratchBuf.getLong(16);
        e.queueOffset = scratchBuf.getLong(24);
        e.prevPos = scratchBuf.getLong(32);
        e.size = scratchBuf.getInt(40);
        e.flags = scratchBuf.getInt(44);
        return true;
    }

    private Segment segmentFor(long pos) {
        Segment first = segments.peekFirst();
        if (first == null || pos < first.start) {
            return null;
        }
        for (Segment s : segments) {
            if (pos >= s.start && pos < s.start + segmentBytes) {
                return s;
            }
        }
        return null;
    }

    /**
     * Deletes segments, oldest first, whose every entry is due before {@code firedBeforeMs}; the
     * newest segment always stays. Returns how many went.
     */
    public int deleteFiredSegments(long firedBeforeMs) throws IOException {
        int deleted = 0;
        while (segments.size() > 1 && segments.peekFirst().maxDeliverMs < firedBeforeMs) {
            Segment s = segments.pollFirst();
            s.arena.close();
            Files.deleteIfExists(s.path);
            deleted++;
        }
        return deleted;
    }

    /** Writes the mapped segments to the device. */
    public void force() {
        for (Segment s : segments) {
            if (s.start + segmentBytes > forcedPos) {
                s.map.force();
            }
        }
        forcedPos = endPos;
    }

    /** The position the next entry gets. */
    public long endPos() {
        return endPos;
    }

    /** The first position still on disk. */
    public long startPos() {
        Segment first = segments.peekFirst();
        return first == null ? endPos : first.start;
    }

    public int segmentCount() {
        return segments.size();
    }

    private void requireRecovered() {
        if (!recovered) {
            throw new IllegalStateException("recover the timer log before appending");
        }
    }

    @Override
    public void close() {
        for (Segment s : segments) {
            try {
                s.map.force();
            } catch (RuntimeException ignored) {
                // closing anyway; the next start recovers from what reached the disk
            }
            s.arena.close();
        }
        segments.clear();
    }
}
