package dev.skiff.bench.store;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.store.DefaultMessageStore;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
        StoreConfig cfg = StoreConfig.builder(dir)
                .flushMode(mode)
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
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
