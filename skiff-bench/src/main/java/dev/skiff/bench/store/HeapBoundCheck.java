package dev.skiff.bench.store;

import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.engine.DefaultMessageStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CompletableFuture;

/**
 * Appends N (default 10 million) 1 KiB messages and reads them all back, printing heap use as it
 * goes; meant to run with {@code -Xmx512m} to show that heap does not grow with stored data.
 * Arguments: [messages] [folder].
 */
public final class HeapBoundCheck {
    private HeapBoundCheck() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        if (args.length > 1) {
            System.setProperty("skiff.bench.dir", args[1]);
        }
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf("max heap %d MiB, %d messages of 1 KiB%n", maxHeap >> 20, n);
        long peakUsed = 0;
        long t0 = System.nanoTime();
        try (DefaultMessageStore store =
                BenchStores.open(BenchStores.freshDir("heap"), StoreConfig.FlushMode.ASYNC, true)) {
            MessageToStore[] ms = new MessageToStore[4];
            for (int q = 0; q < 4; q++) {
                ms[q] = BenchStores.message(q, 1024);
            }
            CompletableFuture<PutResult> last = null;
            for (long i = 0; i < n; i++) {
                last = store.putMessage(ms[(int) (i & 3)]);
                if (i % 1_000_000 == 0) {
                    peakUsed = Math.max(peakUsed, report("append", i, mem));
                }
            }
            if (last == null || !last.join().isOk()) {
                throw new IllegalStateException("append failed");
            }
            store.awaitDispatched(600_000);
            double writeS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("appended %d in %.1f s (%.0f msg/s)%n", n, writeS, n / writeS);
            long t1 = System.nanoTime();
            long read = 0;
            for (int q = 0; q < 4; q++) {
                long off = 0;
                long max = store.maxOffsetInQueue("BenchTopic", q);
                while (off < max) {
                    try (GetResult g = store.getMessages("BenchTopic", q, off, 32, 1 << 20, MessageFilter.ALL)) {
                        read += g.records().size();
                        off = g.nextBeginOffset();
                    }
                    if (read % 1_000_000 < 32) {
                        peakUsed = Math.max(peakUsed, report("read", read, mem));
                    }
                }
            }
            double readS = (System.nanoTime() - t1) / 1e9;
            System.out.printf("read back %d in %.1f s (%.0f msg/s)%n", read, readS, read / readS);
            if (read != n) {
                throw new IllegalStateException("read " + read + " of " + n);
            }
        }
        System.out.printf("OK: peak heap used %d MiB of %d MiB%n", peakUsed >> 20, maxHeap >> 20);
    }

    private static long report(String phase, long i, MemoryMXBean mem) {
        long used = mem.getHeapMemoryUsage().getUsed();
        System.out.printf("%s %,d: heap used %d MiB%n", phase, i, used >> 20);
        return used;
    }
}
