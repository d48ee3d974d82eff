package dev.skiff.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message-size histogram: official buckets, exact counts, and no allocation per message. */
class MessageSizeHistogramTest {
    @Test
    void countsEachSizeInItsBucket() {
        MessageSizeHistogram h = new MessageSizeHistogram();
        h.observe(100); // <= 1 KiB
        h.observe(1024); // <= 1 KiB (bounds are inclusive)
        h.observe(1025); // <= 4 KiB
        h.observe(600 * 1024); // <= 1 MiB
        h.observe(5 << 20); // +Inf
        HistogramSnapshot snapshot = h.snapshot(Labels.of("cluster", "c"));
        HistogramSnapshot.HistogramDataPointSnapshot point =
                snapshot.getDataPoints().get(0);
        List<Long> counts = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (ClassicHistogramBucket bucket : point.getClassicBuckets()) {
            bounds.add(bucket.getUpperBound());
            counts.add(bucket.getCount());
        }
        assertThat(bounds)
                .containsExactly(1024.0, 4096.0, 524288.0, 1048576.0, 2097152.0, 4194304.0, Double.POSITIVE_INFINITY);
        assertThat(counts).containsExactly(2L, 1L, 0L, 1L, 0L, 0L, 1L);
        assertThat(point.getCount()).isEqualTo(5);
        assertThat(point.getSum()).isEqualTo(100 + 1024 + 1025 + 600 * 1024 + (5 << 20));
    }

    @Test
    void observingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MessageSizeHistogram h = new MessageSizeHistogram();
        for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile observe()
            h.observe(i & 0xFFFFF);
        }
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000_000; i++) {
            h.observe(i & 0xFFFFF);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // a million observations: anything per message would be megabytes
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
