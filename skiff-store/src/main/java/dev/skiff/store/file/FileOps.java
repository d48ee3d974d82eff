package dev.skiff.store.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The two calls through which the commit log's bytes reach the device: a positional {@code
 * write} and the {@code force} of a mapped range. {@link #SYSTEM} makes the real calls; tests
 * substitute an implementation that fails them (an I/O error, a short write, a full disk) to drive
 * the store's fail-stop path. One interface call per write or force, nothing allocated.
 */
public interface FileOps {

    /**
     * Writes {@code src}'s remaining bytes (or some of them) at {@code position} of {@code
     * channel}, advancing {@code src}; returns how many were written. Fewer than remaining is a
     * short write: the caller writes the rest, and a write that makes no progress is an error.
     */
    int write(FileChannel channel, ByteBuffer src, long position) throws IOException;

    /**
     * Forces the dirty pages of {@code range} (a slice of a mapped file) to the device; throws
     * {@link java.io.UncheckedIOException} when the device reports an error.
     */
    void force(MemorySegment range);

    /** The real calls. */
    FileOps SYSTEM = new FileOps() {
        @Override
        public int write(FileChannel channel, ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public void force(MemorySegment range) {
            range.force();
        }

        @Override
        public String toString() {
            return "FileOps.SYSTEM";
        }
    };
}
