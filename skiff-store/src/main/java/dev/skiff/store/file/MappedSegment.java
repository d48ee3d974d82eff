package dev.skiff.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One file mapped in full with {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}.
 * The mapping is released deterministically by closing its shared {@link Arena}.
 *
 * <p>Reference counting: the owner (the segment queue) holds one reference from creation until
 * {@link #destroy()}; every reader takes one with {@link #retain()} and gives it back with {@link
 * #release()}. The arena is closed, and the file deleted if destroyed, when the count reaches 0;
 * any view still used after that throws {@link IllegalStateException} instead of touching freed
 * memory. {@link #unlinkAndDestroy()} removes the file's name at once instead, for an owner that
 * creates a file of the same name again while readers may still hold the old one.
 */
public final class MappedSegment {
    private static final int PAGE_BYTES = 4096;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Path path;
    private final long startOffset;
    private final int sizeBytes;
    private final Arena arena;
    private final MemorySegment memory;
    private final ByteBuffer view;
    private final AtomicInteger refs = new AtomicInteger(1);
    /** Open only while the segment is written through its file ({@link #write}); appender thread. */
    private volatile FileChannel writeChannel;

    private volatile boolean destroyed;
    private volatile boolean unmapped;
    private volatile boolean unlinked;

    private MappedSegment(Path path, long startOffset, int sizeBytes, Arena arena, MemorySegment memory) {
        this.path = path;
        this.startOffset = startOffset;
        this.sizeBytes = sizeBytes;
        this.arena = arena;
        this.memory = memory;
        this.view = memory.asByteBuffer();
    }

    /** Opens (creating and extending when needed) and maps {@code path}. */
    public static MappedSegment open(Path path, long startOffset, int sizeBytes) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment mem = ch.map(FileChannel.MapMode.READ_WRITE, 0, sizeBytes, arena);
            return new MappedSegment(path, startOffset, sizeBytes, arena, mem);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot map " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public long startOffset() {
        return startOffset;
    }

    /** The offset just past this segment. */
    public long endOffset() {
        return startOffset + sizeBytes;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    /**
     * The writable big-endian view of the whole file. Only absolute get/put may be used on it
     * (shared by threads); the caller must hold a reference.
     */
    public ByteBuffer buffer() {
        return view;
    }

    /** A read-only view of {@code len} bytes at {@code pos}; valid while a reference is held. */
    public ByteBuffer readView(int pos, int len) {
        return view.slice(pos, len).asReadOnlyBuffer();
    }

    /**
     * Writes {@code src}'s remaining bytes at {@code pos} with the file's {@code write} call instead
     * of through the mapping (the page cache is shared, so mapped readers see them at once). On ext4
     * an overwrite of allocated blocks through {@code write} leaves no metadata for the next data
     * sync to commit, where a store through the mapping does (the write fault starts a journal
     * handle), which made every forced append pay a journal commit. One writer thread at a time;
     * the channel stays open until {@link #closeWriteChannel()} or unmap.
     */
    public void write(int pos, ByteBuffer src) {
        write(pos, src, FileOps.SYSTEM);
    }

    /**
     * As {@link #write(int, ByteBuffer)}, through {@code ops}. A write that makes no progress (a
     * short write the device will not complete) throws {@link UncheckedIOException}, as does any
     * error of the call.
     */
    public void write(int pos, ByteBuffer src, FileOps ops) {
        try {
            FileChannel ch = writeChannel;
            if (ch == null) {
                ch = FileChannel.open(path, StandardOpenOption.WRITE);
                writeChannel = ch;
            }
            long at = pos;
            while (src.hasRemaining()) {
                int n = ops.write(ch, src, at);
                if (n <= 0) {
                    throw new IOException("short write: " + src.remaining() + " bytes left unwritten at " + at);
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + " at " + pos, e);
        }
    }

    /** Closes the channel {@link #write} opened, if any (the segment is no longer written). */
    public void closeWriteChannel() {
        FileChannel ch = writeChannel;
        writeChannel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }

    /** Touches every page of [0, {@code bytes}) before the segment is in use. */
    public void preTouch(int bytes) {
        int end = Math.min(bytes, sizeBytes);
        for (long i = 0; i < end; i += PAGE_BYTES) {
            memory.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
        }
    }

    /**
     * Faults in, writable, the pages that start in [{@code from}, {@code to}) while a writer may be
     * writing nearby: each page is touched with an atomic compare-and-set of 0 to 0, which dirties
     * the page but can never change a byte, whoever wrote it first.
     */
    public void touchAhead(int from, int to) {
        int end = Math.min(to, sizeBytes);
        for (long p = ((long) from + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES; p < end; p += PAGE_BYTES) {
            INT.compareAndSet(memory, p, 0, 0);
        }
    }

    /** Writes dirty pages of [from, to) to the device. */
    public void force(int from, int to) {
        force(from, to, FileOps.SYSTEM);
    }

    /**
     * As {@link #force(int, int)}, through {@code ops}; throws {@link UncheckedIOException} when the
     * device reports an error (after which what the page cache holds is unknown).
     */
    public void force(int from, int to, FileOps ops) {
        if (to > from) {
            try {
                ops.force(memory.asSlice(from, to - from));
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("cannot force " + path + " [" + from + ", " + to + ")", e.getCause());
            }
        }
    }

    /** Zeroes [from, sizeBytes). */
    public void zeroFrom(int from) {
        memory.asSlice(from, sizeBytes - from).fill((byte) 0);
    }

    /** Takes a reference; false when the segment is already being destroyed or unmapped. */
    public boolean retain() {
        while (true) {
            int r = refs.get();
            if (r <= 0 || destroyed) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference taken by {@link #retain()} (or the owner's, via destroy). */
    public void release() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            unmap();
        } else if (r < 0) {
            throw new IllegalStateException("released more than retained: " + path);
        }
    }

    /** Drops the owner's reference; the file is unmapped and deleted when the last reader leaves. */
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            release();
        }
    }

    /**
     * Removes the file's name now, then drops the owner's reference as {@link #destroy()} does. A
     * reader still holding the segment keeps reading the mapped bytes (a POSIX file lives on, nameless,
     * while mapped) and the mapping goes when the last one releases it; meanwhile a new file may take
     * the same name without the old segment's unmap deleting it. If the name cannot be removed, the
     * segment is destroyed anyway (its file goes at unmap, as with {@link #destroy()}) and the error
     * is thrown.
     */
    public void unlinkAndDestroy() {
        if (destroyed) {
            return;
        }
        try {
            Files.deleteIfExists(path);
            unlinked = true;
        } catch (IOException e) {
            destroy();
            throw new UncheckedIOException("cannot delete " + path, e);
        }
        destroy();
    }

    /** Unmaps without deleting (store shutdown); the owner's reference is dropped. */
    public void close() {
        if (!destroyed && !unmapped) {
            release();
        }
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    public boolean isUnmapped() {
        return unmapped;
    }

    /** Current reference count (owner included); for tests and diagnostics. */
    public int refCount() {
        return refs.get();
    }

    private void unmap() {
        unmapped = true;
        try {
            closeWriteChannel();
        } finally {
            arena.close();
        }
        if (destroyed && !unlinked) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + path, e);
            }
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + startOffset + "+" + sizeBytes + "]";
    }
}
