package dev.skiff.bench.limits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sequential write speed of the disk under a folder: 1 MiB writes through the page cache with one
 * fsync at the end (what an async-flush broker needs), 1 MiB writes each followed by fsync, and
 * 4 KiB append + fsync round trips (a sync-flush broker's group commit). The file is deleted after.
 */
public final class DiskBandwidth {
    private static final int CHUNK = 1 << 20;
    private static final int SMALL = 4 << 10;

    /**
     * @param cacheWriteMiBps 1 MiB writes into the page cache, no fsync
     * @param writeThenSyncMiBps the same writes plus one fsync of all of them at the end
     * @param fsyncMiBps 1 MiB writes, each followed by fsync
     * @param fsync4kPerSecond 4 KiB write + fsync round trips per second
     */
    public record Result(
            double cacheWriteMiBps, double writeThenSyncMiBps, double fsyncMiBps, double fsync4kPerSecond) {}

    private DiskBandwidth() {}

    /**
     * @param dir folder on the disk to measure
     * @param bufferedMiB MiB written through the page cache (1..65,536)
     * @param fsyncMiB MiB written with fsync after each 1 MiB (1..65,536)
     * @param smallSyncs 4 KiB fsync round trips (1..1,000,000)
     */
    public static Result measure(Path dir, int bufferedMiB, int fsyncMiB, int smallSyncs) throws IOException {
        check(bufferedMiB, 65_536, "bufferedMiB");
        check(fsyncMiB, 65_536, "fsyncMiB");
        check(smallSyncs, 1_000_000, "smallSyncs");
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-disk-" + ProcessHandle.current().pid() + ".tmp");
        try {
            double[] buffered = write(file, bufferedMiB, false);
            double synced = write(file, fsyncMiB, true)[1];
            double small = smallSyncs(file, smallSyncs);
            return new Result(buffered[0], buffered[1], synced, small);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** MiB/s before and after the final fsync. */
    private static double[] write(Path file, int mib, boolean syncEach) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        Files.deleteIfExists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            for (int i = 0; i < mib; i++) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
                if (syncEach) {
                    ch.force(false);
                }
            }
            double written = mib / ((System.nanoTime() - start) / 1e9);
            ch.force(false);
            return new double[] {written, mib / ((System.nanoTime() - start) / 1e9)};
        }
    }

    private static double smallSyncs(Path file, int count) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(SMALL);
        Files.deleteIfExists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                block.clear();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                ch.force(false);
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void check(int value, int max, String name) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + ": " + value);
        }
    }
}
