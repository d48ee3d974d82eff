package dev.skiff.bench.store;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Store set-up shared by the benchmarks. The folder is {@code skiff.bench.dir} or the temp dir. */
final class BenchStores {
    static final HostAddress BORN = new HostAddress(new byte[] {10, 0, 0, 2}, 50000);

    private BenchStores() {}

    /** The folder a benchmark named {@code name} uses. */
    static Path dirOf(String name) {
        Path base = Path.of(System.getProperty("skiff.bench.dir", System.getProperty("java.io.tmpdir")));
        return base.resolve("skiff-store-bench-" + name);
    }

    /** Deletes a benchmark's folder at tear-down, so runs do not fill the disk. */
    static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }

    /** Maps {@code file} (created if missing) read-write in {@code arena} and touches every page. */
    static MemorySegment mapTouched(Path file, long bytes, Arena arena) throws IOException {
        MemorySegment mem;
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            mem = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        }
        for (long i = 0; i < bytes; i += 4096) {
            mem.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
        }
        return mem;
    }

    static Path freshDir(String name) {
        try {
            Path dir = dirOf(name);
            deleteTree(dir);
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DefaultMessageStore open(Path dir, StoreConfig.FlushMode mode, boolean index) {
        return open(dir, mode, index, null);
    }

    /** {@code writes} null: the store's own choice for {@code mode}. */
    static DefaultMessageStore open(
            Path dir, StoreConfig.FlushMode mode, boolean index, StoreConfig.CommitLogWrites writes) {
        StoreConfig cfg = StoreConfig.builder(dir)
                .flushMode(mode)
                .commitLogWrites(writes)
                .indexEnabled(index)
                .indexSlotCount(500_000)
                .indexEntryCount(2_000_000)
                .build();
        DefaultMessageStore s =
                new DefaultMessageStore(cfg, SkiffClock.system(), DiskUsage.of(dir), ArrivalListener.NONE);
        s.start();
        return s;
    }

    static MessageToStore message(int queueId, int bodyBytes) {
        return new MessageToStore(
                "BenchTopic", queueId, 0, new byte[bodyBytes], "TAGS\u0001TagA\u0002", 0, 1L, BORN, 0, 0);
    }

    static void deleteTree(Path p) throws IOException {
        dev.skiff.bench.harness.WorkDir.deleteTree(p);
    }
}
