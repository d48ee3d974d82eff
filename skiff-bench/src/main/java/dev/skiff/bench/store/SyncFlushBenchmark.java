package dev.skiff.bench.store;

import dev.skiff.store.FlushListener;
import dev.skiff.store.FlushWait;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutReceipt;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Sync flush (group commit): acknowledged 1 KiB appends per second with 1 and 64 writer threads,
 * and with 64 appends in flight from one thread. For scale, the device alone: writes of 1 KiB
 * and of 64 KiB into a mapped file, each forced before the next. What a group commit of 64 writers
 * can gain over one writer is bounded by how much longer the device takes to force 64 records
 * than one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SyncFlushBenchmark {

    @State(Scope.Benchmark)
    public static class SyncStore {
        /** How appends reach the commit log (the SYNC default is STAGED). */
        @Param({"STAGED", "CHANNEL", "MAPPED"})
        StoreConfig.CommitLogWrites writes;

        MessageStore store;
        MessageToStore message;

        @Setup(Level.Trial)
        public void setUp() {
            store = BenchStores.open(BenchStores.freshDir("sync"), StoreConfig.FlushMode.SYNC, false, writes);
            message = BenchStores.message(0, 1024);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
            BenchStores.deleteQuietly(BenchStores.dirOf("sync"));
        }
    }

    /** Each writer's reusable receipt and flush wait. */
    @State(Scope.Thread)
    public static class Writer {
        final PutReceipt receipt = new PutReceipt();
        final FlushWait wait = new FlushWait();
    }

    @Benchmark
    @Threads(1)
    public PutStatus syncPut1Writer(SyncStore s, Writer w) {
        return put(s, w);
    }

    @Benchmark
    @Threads(64)
    public PutStatus syncPut64Writers(SyncStore s, Writer w) {
        return put(s, w);
    }

    /** As {@link #syncPut64Writers}, each waiting on a future (one allocated per append). */
    @Benchmark
    @Threads(64)
    public PutStatus syncPut64WritersFuture(SyncStore s, Writer w) {
        PutStatus appended = s.store.append(s.message, w.receipt);
        if (appended != PutStatus.PUT_OK) {
            throw new IllegalStateException("append refused: " + appended);
        }
        return s.store.whenFlushed(w.receipt.endOffset()).join();
    }

    /** Appends each of the 64 virtual writers makes per invocation of {@link #syncPut64VirtualWriters}. */
    static final int PER_VIRTUAL_WRITER = 100;

    /**
     * As {@link #syncPut64Writers}, with the 64 writers on virtual threads, the Java 25 way to run
     * many blocking writers: a waiting writer is parked and resumed by the JVM's scheduler instead
     * of the kernel's. Each invocation starts the 64 writers, lets each make {@link
     * #PER_VIRTUAL_WRITER} appends, and joins them.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(64 * PER_VIRTUAL_WRITER)
    public void syncPut64VirtualWriters(SyncStore s) throws InterruptedException {
        Thread[] writers = new Thread[64];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = Thread.ofVirtual().start(() -> {
                PutReceipt receipt = new PutReceipt();
                FlushWait wait = new FlushWait();
                for (int n = 0; n < PER_VIRTUAL_WRITER; n++) {
                    PutStatus appended = s.store.append(s.message, receipt);
                    if (appended != PutStatus.PUT_OK) {
                        throw new IllegalStateException("append refused: " + appended);
                    }
                    s.store.whenFlushed(receipt.endOffset(), wait.arm());
                    wait.await();
                }
            });
        }
        for (Thread w : writers) {
            w.join();
        }
    }

    /**
     * One thread keeping 64 appends in flight, as a broker's I/O thread does (it answers each send
     * when its force completes instead of blocking): group commit without 64 threads' scheduling.
     * Each slot is a reusable listener, so nothing is allocated per append.
     */
    @State(Scope.Thread)
    public static class InFlight {
        static final int DEPTH = 64;
        final PutReceipt receipt = new PutReceipt();
        final Slot[] slots = new Slot[DEPTH];
        int next;

        @Setup(Level.Iteration)
        public void fill() {
            for (int i = 0; i < DEPTH; i++) {
                slots[i] = new Slot(Thread.currentThread());
            }
        }

        @TearDown(Level.Iteration)
        public void drain() {
            for (Slot slot : slots) {
                slot.take();
            }
        }
    }

    /** One append in flight: told by the flush thread, taken by the appending thread. */
    static final class Slot implements FlushListener {
        private final Thread owner;
        private volatile PutStatus status = PutStatus.PUT_OK;

        Slot(Thread owner) {
            this.owner = owner;
        }

        @Override
        public void flushed(PutStatus s) {
            status = s;
            LockSupport.unpark(owner);
        }

        /** Waits for this slot's answer and empties it for the next append. */
        PutStatus take() {
            PutStatus s;
            while ((s = status) == null) {
                LockSupport.park(this);
            }
            status = null;
            return s;
        }
    }

    @Benchmark
    @Threads(1)
    public PutStatus syncPut64InFlight(SyncStore s, InFlight f) {
        Slot slot = f.slots[f.next];
        f.next = (f.next + 1) % InFlight.DEPTH;
        PutStatus oldest = slot.take();
        PutStatus appended = s.store.append(s.message, f.receipt);
        if (appended != PutStatus.PUT_OK) {
            throw new IllegalStateException("append refused: " + appended);
        }
        s.store.whenFlushed(f.receipt.endOffset(), slot);
        return oldest;
    }

    /** A pre-touched mapped file; each op writes {@code kib} KiB after the last and forces them. */
    @State(Scope.Benchmark)
    public static class RawForce {
        static final long FILE_BYTES = 256L << 20;

        @Param({"1", "64"})
        int kib;

        Arena arena;
        MemorySegment mem;
        MemorySegment src;
        long pos;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            arena = Arena.ofShared();
            mem = BenchStores.mapTouched(BenchStores.freshDir("force").resolve("raw"), FILE_BYTES, arena);
            mem.force();
            src = arena.allocate(kib * 1024L);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
            BenchStores.deleteQuietly(BenchStores.dirOf("force"));
        }
    }

    @Benchmark
    @Threads(1)
    public long rawWriteAndForce(RawForce f) {
        long bytes = f.kib * 1024L;
        if (f.pos + bytes > RawForce.FILE_BYTES) {
            f.pos = 0;
        }
        MemorySegment.copy(f.src, 0, f.mem, f.pos, bytes);
        f.mem.asSlice(f.pos, bytes).force();
        f.pos += bytes;
        return f.pos;
    }

    private static PutStatus put(SyncStore s, Writer w) {
        PutStatus appended = s.store.append(s.message, w.receipt);
        if (appended != PutStatus.PUT_OK) {
            throw new IllegalStateException("append refused: " + appended);
        }
        s.store.whenFlushed(w.receipt.endOffset(), w.wait.arm());
        return w.wait.await();
    }
}
