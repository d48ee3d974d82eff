package dev.skiff.store.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The checkpoint file: when each structure was last flushed and up to where. Written whole to a
 * temporary file, forced, and renamed over the old one, so a reader sees the old or the new
 * content, never a mix; the CRC catches anything else.
 *
 * <pre>
 * offset size field
 *   0    4    magic 0x534B4350 ("SKCP")
 *   4    4    version (1)
 *   8    8    commit log last flush time ms
 *  16    8    consume queues last flush time ms
 *  24    8    index last flush time ms
 *  32    8    commit-log offset known flushed
 *  40    8    commit-log offset whose consume-queue and index entries are all flushed
 *  48    4    CRC32 of bytes 0..47
 * </pre>
 */
public final class Checkpoint {
    static final int MAGIC = 0x534B4350;
    static final int VERSION = 1;
    static final int BYTES = 52;

    /** The checkpoint content. */
    public record Data(
            long commitLogFlushMs,
            long consumeQueueFlushMs,
            long indexFlushMs,
            long commitLogFlushedOffset,
            long dispatchedSafeOffset) {}

    private final Path file;

    public Checkpoint(Path file) {
        this.file = file;
    }

    /** The stored checkpoint, or null when missing or damaged. */
    public Data read() {
        try {
            if (!Files.exists(file) || Files.size(file) != BYTES) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, BYTES - 4);
            if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || (int) crc.getValue() != b.getInt(48)) {
                return null;
            }
            return new Data(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40));
        } catch (IOException e) {
            return null;
        }
    }

    public void write(Data d) {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.putInt(0, MAGIC).putInt(4, VERSION);
        b.putLong(8, d.commitLogFlushMs()).putLong(16, d.consumeQueueFlushMs()).putLong(24, d.indexFlushMs());
        b.putLong(32, d.commitLogFlushedOffset()).putLong(40, d.dispatchedSafeOffset());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, BYTES - 4);
        b.putInt(48, (int) crc.getValue());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace checkpoint " + file, e);
        }
    }
}
