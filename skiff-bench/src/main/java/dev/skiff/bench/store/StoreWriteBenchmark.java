package dev.skiff.bench.store;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutReceipt;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.file.SegmentAllocator;
import dev.skiff.store.file.SegmentedFile;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.log.EncodedBatch;
import dev.skiff.store.log.QueueOffsetTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Write path, 1 KiB records: the raw mapped-file bandwidth into new files (the limit), memory-copy
 * speed into resident pages (for scale), the commit-log hot path (encode + append, no future), and
 * the store's put with async flush from 1 and 4 threads.
 * Throughput in ops/s; multiply by 1 KiB (+ ~100 B header for the store) for bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreWriteBenchmark {
    static final int RECORD_BYTES = 1024;

    /** A 1 GiB file mapped and touched once; writes wrap around: memory-copy speed, not a file's. */
    @State(Scope.Benchmark)
    public static class Resident {
        static final long FILE_BYTES = 1L << 30;
        Arena arena;
        MemorySegment mem;
        final MemorySegment src = Arena.ofAuto().allocate(RECORD_BYTES);
        long pos;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            arena = Arena.ofShared();
            mem = BenchStores.mapTouched(BenchStores.freshDir("resident").resolve("raw"), FILE_BYTES, arena);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
            BenchStores.deleteQuietly(BenchStores.dirOf("resident"));
        }
    }

    @Benchmark
    public long residentMappedWrite1KiB(Resident s) {
        MemorySegment.copy(s.src, 0, s.mem, s.pos, RECORD_BYTES);
        s.pos += RECORD_BYTES;
        if (s.pos + RECORD_BYTES > Resident.FILE_BYTES) {
            s.pos = 0;
        }
        return s.pos;
    }

    /**
     * The limit an append can reach: 1 KiB records copied sequentially into new 1 GiB mapped files
     * (the store's segment size), each page faulted in by the writer and written back by the
     * kernel, the files kept until the trial ends, as the store keeps its segments.
     */
    @State(Scope.Benchmark)
    public static class FreshFiles {
        static final long FILE_BYTES = 1L << 30;
        final MemorySegment src = Arena.ofAuto().allocate(RECORD_BYTES);
        Path dir;
        Arena arena;
        MemorySegment mem;
        long pos;
        int files;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            dir = BenchStores.freshDir("fresh");
            next();
        }

        void next() throws java.io.IOException {
            if (arena != null) {
                arena.close();
            }
            arena = Arena.ofShared();
            try (FileChannel ch = FileChannel.open(
                    dir.resolve(String.format("%020d", files * FILE_BYTES)),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                mem = ch.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES, arena);
            }
            files++;
            pos = 0;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            arena.close();
            BenchStores.deleteTree(dir);
        }
    }

    @Benchmark
    public long rawMappedWrite1KiB(FreshFiles s) throws Exception {
        if (s.pos + RECORD_BYTES > FreshFiles.FILE_BYTES) {
            s.next();
        }
        MemorySegment.copy(s.src, 0, s.mem, s.pos, RECORD_BYTES);
        s.pos += RECORD_BYTES;
        return s.pos;
    }

    /** The commit log alone: no dispatcher, no flush thread, no futures. */
    @State(Scope.Thread)
    public static class RawLog {
        SegmentAllocator allocator;
        SegmentedFile files;
        CommitLog log;
        EncodedBatch batch;
        MessageToStore message;
        Path dir;

        @Setup(Level.Trial)
        public void setUp() {
            dir = BenchStores.freshDir("log-" + Thread.currentThread().threadId());
            allocator = SegmentAllocator.onThread("bench-allocate", SkiffClock.system(), true, false);
            files = new SegmentedFile(dir, 1 << 30, allocator);
            log = new CommitLog(
                    files, SkiffClock.system(), new QueueOffsetTable(16), StoreConfig.CommitLogWrites.MAPPED);
            log.recoverTo(0);
            allocator.touchAhead(files, log::writtenOffset);
            message = BenchStores.message(0, RECORD_BYTES);
            batch = new EncodedBatch(4 << 20, 8 << 20, 16, BenchStores.BORN);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            files.close();
            allocator.close();
            BenchStores.deleteQuietly(dir);
        }
    }

    @Benchmark
    public long commitLogAppend1KiB(RawLog s) {
        s.batch.clear();
        s.batch.encode(s.message);
        s.log.append(s.batch);
        return s.batch.endOffset();
    }

    /** A whole store, async flush, index on. */
    @State(Scope.Benchmark)
    public static class AsyncStore {
        MessageStore store;
        MessageToStore[] messages;

        @Setup(Level.Trial)
        public void setUp() {
            store = BenchStores.open(BenchStores.freshDir("async"), StoreConfig.FlushMode.ASYNC, true);
            messages = new MessageToStore[8];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = BenchStores.message(i, RECORD_BYTES);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
            BenchStores.deleteQuietly(BenchStores.dirOf("async"));
        }
    }

    /** Each writer's reusable receipt. */
    @State(Scope.Thread)
    public static class Writer {
        final PutReceipt receipt = new PutReceipt();
        final int slot = (int) (Thread.currentThread().threadId() & 7);
    }

    @Benchmark
    @Threads(1)
    public PutStatus storePut1KiB1Thread(AsyncStore s, Writer w) {
        return put(s, w);
    }

    @Benchmark
    @Threads(4)
    public PutStatus storePut1KiB4Threads(AsyncStore s, Writer w) {
        return put(s, w);
    }

    /** What a broker does per message: append, then learn the flush status (at once here). */
    private static PutStatus put(AsyncStore s, Writer w) {
        PutStatus appended = s.store.append(s.messages[w.slot], w.receipt);
        if (appended != PutStatus.PUT_OK) {
            throw new IllegalStateException("append refused: " + appended);
        }
        return s.store.whenFlushed(w.receipt.endOffset()).getNow(null);
    }
}
