package dev.skiff.bench.store;

import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.engine.DefaultMessageStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Reads 1 KiB records back from the page cache, 32 per call, one thread; score = messages/s. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreReadBenchmark {
    static final int MESSAGES = 500_000;
    static final int PER_CALL = 32;

    @State(Scope.Benchmark)
    public static class Filled {
        DefaultMessageStore store;
        long offset;

        @Setup(Level.Trial)
        public void setUp() {
            store = BenchStores.open(BenchStores.freshDir("read"), StoreConfig.FlushMode.ASYNC, false);
            var m = BenchStores.message(0, 1024);
            for (int i = 0; i < MESSAGES; i++) {
                store.putMessage(m);
            }
            if (!store.awaitDispatched(120_000)) {
                throw new IllegalStateException("dispatch did not catch up");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
            BenchStores.deleteQuietly(BenchStores.dirOf("read"));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PER_CALL)
    public int read32(Filled s) {
        try (GetResult g = s.store.getMessages("BenchTopic", 0, s.offset, PER_CALL, 1 << 20, MessageFilter.ALL)) {
            s.offset = g.nextBeginOffset() >= MESSAGES ? 0 : g.nextBeginOffset();
            return g.totalBytes();
        }
    }
}
