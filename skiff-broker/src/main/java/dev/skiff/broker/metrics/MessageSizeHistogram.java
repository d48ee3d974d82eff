package dev.skiff.broker.metrics;

import dev.skiff.common.metrics.Buckets;
import dev.skiff.common.metrics.Snapshots;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * {@code rocketmq_message_size}: stored message sizes in the official broker's buckets (1 KiB,
 * 4 KiB, 512 KiB, 1 MiB, 2 MiB, 4 MiB, +Inf), counted as the store dispatches each record. Per
 * record: a scan of six bounds and two {@code LongAdder} adds ({@link Buckets}); no allocation, no
 * lock.
 */
final class MessageSizeHistogram implements ArrivalListener {
    private final Buckets sizes = new Buckets(1 << 10, 4 << 10, 512 << 10, 1 << 20, 2 << 20, 4 << 20);

    @Override
    public void onArrival(DispatchedRecord record) {
        observe(record.size());
    }

    void observe(int bytes) {
        sizes.observe(bytes);
    }

    HistogramSnapshot snapshot(Labels labels) {
        return Snapshots.histogram("rocketmq_message_size", "Size of stored messages in bytes")
                .dataPoint(Snapshots.histogramPoint(labels, sizes.bounds(), sizes.counts(), sizes.sum()))
                .build();
    }
}
