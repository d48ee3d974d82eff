package dev.skiff.broker.metrics;

import dev.skiff.common.metrics.Snapshots;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code rocketmq_message_size}: stored message sizes in the official broker's buckets (1 KiB,
 * 4 KiB, 512 KiB, 1 MiB, 2 MiB, 4 MiB, +Inf), counted as the store dispatches each record. Per
 * record: a scan of six bounds and two {@link LongAdder} adds; no allocation, no lock.
 */
final class MessageSizeHistogram implements ArrivalListener {
    static final double[] BOUNDS = {1024, 4 * 1024, 512 * 1024, 1 << 20, 2 << 20, 4 << 20};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sum = new LongAdder();

    MessageSizeHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        observe(record.size());
    }

    void observe(int bytes) {
        int i = 0;
        while (i < BOUNDS.length && bytes > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(bytes);
    }

    HistogramSnapshot snapshot(Labels labels) {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return Snapshots.histogram("rocketmq_message_size", "Size of stored messages in bytes")
                .dataPoint(Snapshots.histogramPoint(labels, BOUNDS, counts, sum.sum()))
                .build();
    }
}
