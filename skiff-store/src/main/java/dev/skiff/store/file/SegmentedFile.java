package dev.skiff.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical byte range stored as contiguous fixed-size segment files under one folder, each
 * named by its 20-digit start offset. The list is copy-on-write: readers look segments up
 * without locks; the single owner thread rolls, truncates and deletes.
 */
public final class SegmentedFile {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedFile.class);
    private static final int NAME_DIGITS = 20;

    private final Path dir;
    private final int segmentBytes;
    private final SegmentAllocator allocator;
    private final CopyOnWriteArrayList<MappedSegment> segments = new CopyOnWriteArrayList<>();
    private CompletableFuture<MappedSegment> next;

    /** @param allocator pre-creates the next segment in the background, or null for none */
    public SegmentedFile(Path dir, int segmentBytes, SegmentAllocator allocator) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.allocator = allocator;
    }

    public static String fileName(long startOffset) {
        String s = Long.toString(startOffset);
        return "0".repeat(NAME_DIGITS - s.length()) + s;
    }

    public Path dir() {
        return dir;
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    /** Maps the files already on disk; stops at the first gap or wrongly sized file. */
    public void load() {
        try {
            Files.createDirectories(dir);
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(SegmentedFile::isSegmentName).sorted().toList();
            }
            long expected = -1;
            for (Path f : files) {
                long start = Long.parseLong(f.getFileName().toString());
                long size = Files.size(f);
                if (size > segmentBytes || (expected >= 0 && start != expected) || start % segmentBytes != 0) {
                    LOG.warn("ignoring segment file {} (size {}, expected start {})", f, size, expected);
                    break;
                }
                segments.add(MappedSegment.open(f, start, segmentBytes));
                expected = start + segmentBytes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + dir, e);
        }
    }

    private static boolean isSegmentName(Path p) {
        String n = p.getFileName().toString();
        return n.length() == NAME_DIGITS && n.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A snapshot of the segments, oldest first. */
    public List<MappedSegment> segments() {
        return new ArrayList<>(segments);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public MappedSegment first() {
        return segments.isEmpty() ? null : segments.get(0);
    }

    public MappedSegment last() {
        int n = segments.size();
        return n == 0 ? null : segments.get(n - 1);
    }

    /** Start of the oldest segment, or {@code fallback} when there is none. */
    public long minOffset(long fallback) {
        MappedSegment f = first();
        return f == null ? fallback : f.startOffset();
    }

    /** The segment holding {@code offset}, or null. The caller must retain it before reading. */
    public MappedSegment segmentFor(long offset) {
        List<MappedSegment> snap = segments;
        if (snap.isEmpty()) {
            return null;
        }
        MappedSegment first;
        try {
            first = snap.get(0);
        } catch (IndexOutOfBoundsException raced) {
            return null;
        }
        if (offset < first.startOffset()) {
            return null;
        }
        long idx = (offset - first.startOffset()) / segmentBytes;
        // Indexed reads of the copy-on-write list, no array copy per lookup (the dispatcher and
        // every read call this per record). A concurrent removal at the head can shift indices;
        // each candidate is checked against the offset, and a miss under that race returns null.
        try {
            for (long i = Math.min(idx, snap.size() - 1); i >= 0; i--) {
                MappedSegment s = snap.get((int) i);
                if (offset >= s.startOffset() && offset < s.endOffset()) {
                    return s;
                }
                if (s.endOffset() <= offset) {
                    break;
                }
            }
        } catch (IndexOutOfBoundsException raced) {
            return null;
        }
        return null;
    }

    /** Retains and returns the segment holding {@code offset}, or null; release it after use. */
    public MappedSegment retainSegmentFor(long offset) {
        MappedSegment s = segmentFor(offset);
        return s != null && s.retain() ? s : null;
    }

    /** Adds the segment starting at {@code startOffset} (owner thread only). */
    public MappedSegment roll(long startOffset) {
        if (startOffset % segmentBytes != 0) {
            throw new IllegalStateException("segment start not aligned: " + startOffset);
        }
        MappedSegment s = takePreallocated(startOffset);
        if (s == null && segments.isEmpty()) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
        }
        if (s == null) {
            s = MappedSegment.open(dir.resolve(fileName(startOffset)), startOffset, segmentBytes);
        }
        segments.add(s);
        if (allocator != null) {
            long nextStart = startOffset + segmentBytes;
            next = allocator.allocate(dir.resolve(fileName(nextStart)), nextStart, segmentBytes);
        }
        return s;
    }

    private MappedSegment takePreallocated(long startOffset) {
        if (next == null) {
            return null;
        }
        MappedSegment s = next.join();
        next = null;
        if (s.startOffset() == startOffset) {
            return s;
        }
        s.destroy();
        return null;
    }

    /**
     * Cuts the range at {@code offset}: later segments are deleted, the one holding it is zeroed
     * from there on (owner thread only, before readers start).
     */
    public void truncateTo(long offset) {
        for (MappedSegment s : segments()) {
            if (s.startOffset() > offset || (s.startOffset() == offset && s != first())) {
                segments.remove(s);
                s.destroy();
            } else if (s.endOffset() > offset) {
                s.zeroFrom((int) (offset - s.startOffset()));
            }
        }
    }

    /**
     * Deletes segments from the front while {@code test} holds, up to {@code max}, never the last
     * one. Returns how many went.
     */
    public int deleteFromFront(Predicate<MappedSegment> test, int max) {
        int n = 0;
        while (n < max && segments.size() > 1) {
            MappedSegment s = segments.get(0);
            if (!test.test(s)) {
                break;
            }
            segments.remove(0);
            s.destroy();
            n++;
        }
        return n;
    }

    /**
     * Deletes every segment and then the folder (owner thread only). File names go at once (see
     * {@link MappedSegment#unlinkAndDestroy()}), so the owner may roll segments of the same names
     * again right away; readers still holding a segment keep its mapping until they release it.
     * Throws the first error after trying every segment. A folder that still holds other files
     * stays.
     */
    public void deleteAll() {
        if (next != null) {
            MappedSegment preallocated = next.join();
            next = null;
            preallocated.unlinkAndDestroy();
        }
        UncheckedIOException failed = null;
        for (MappedSegment s : segments()) {
            segments.remove(s);
            try {
                s.unlinkAndDestroy();
            } catch (UncheckedIOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("{} holds files that are not segments; the folder stays", dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Forces the bytes of [from, to) in whatever segments hold them. */
    public void force(long from, long to) {
        force(from, to, FileOps.SYSTEM);
    }

    /** As {@link #force(long, long)}, through {@code ops}; a device error is thrown. */
    public void force(long from, long to, FileOps ops) {
        long pos = from;
        while (pos < to) {
            MappedSegment s = retainSegmentFor(pos);
            if (s == null) {
                return;
            }
            try {
                long end = Math.min(to, s.endOffset());
                s.force((int) (pos - s.startOffset()), (int) (end - s.startOffset()), ops);
                pos = end;
            } finally {
                s.release();
            }
        }
    }

    /** Unmaps everything without deleting files. */
    public void close() {
        if (next != null) {
            next.thenAccept(MappedSegment::close);
            next = null;
        }
        for (MappedSegment s : segments) {
            s.close();
        }
        segments.clear();
    }
}
