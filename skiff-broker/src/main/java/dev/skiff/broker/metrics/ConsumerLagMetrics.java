package dev.skiff.broker.metrics;

import dev.skiff.broker.admin.StoredTimes;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.metrics.Snapshots;
import dev.skiff.store.MessageStore;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consumer lag by the official names, per {@code topic} and {@code consumer_group} (with {@code
 * is_retry}, {@code is_system}), computed at scrape time from the committed offsets and the
 * queues' ends:
 *
 * <ul>
 *   <li>{@code rocketmq_consumer_lag_messages}: messages stored but not yet committed, summed over
 *       the topic's queues;
 *   <li>{@code rocketmq_consumer_lag_latency_milliseconds}: age of the oldest uncommitted message
 *       (now minus its store time; 0 with no lag);
 *   <li>{@code rocketmq_consumer_inflight_messages}: Skiff's pull consumers commit what they have
 *       processed, and the broker does not remember pulled-but-uncommitted offsets, so this is
 *       always 0 (documented in docs/metrics.md).
 * </ul>
 *
 * Bounded: at most {@link #PAIRS_MAX} (group, topic) pairs per scrape; the latency costs one
 * record read per queue with lag.
 */
final class ConsumerLagMetrics implements MultiCollector {
    static final int PAIRS_MAX = 10_000;

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final SkiffClock clock;
    private final Labels constant;

    ConsumerLagMetrics(ConsumerOffsetTable offsets, MessageStore store, SkiffClock clock, Labels constant) {
        this.offsets = offsets;
        this.store = store;
        this.clock = clock;
        this.constant = constant;
    }

    @Override
    public MetricSnapshots collect() {
        List<String[]> pairs = new ArrayList<>();
        offsets.forEachGroupTopic((group, topic) -> {
            if (pairs.size() < PAIRS_MAX) {
                pairs.add(new String[] {group, topic});
            }
        });
        GaugeSnapshot.Builder lag = Snapshots.gauge("rocketmq_consumer_lag_messages", "Messages not yet consumed");
        GaugeSnapshot.Builder latency = Snapshots.gauge(
                "rocketmq_consumer_lag_latency_milliseconds", "Age of the oldest message not yet consumed");
        GaugeSnapshot.Builder inflight =
                Snapshots.gauge("rocketmq_consumer_inflight_messages", "Messages handed out but not yet acknowledged");
        long nowMs = clock.nowMs();
        for (String[] pair : pairs) {
            String group = pair[0];
            String topic = pair[1];
            long messages = 0;
            long oldestMs = Long.MAX_VALUE;
            for (Map.Entry<Integer, Long> queue : offsets.offsets(group, topic).entrySet()) {
                int queueId = queue.getKey();
                long committed = Math.max(queue.getValue(), store.minOffsetInQueue(topic, queueId));
                long behind = store.maxOffsetInQueue(topic, queueId) - committed;
                if (behind > 0) {
                    messages += behind;
                    long stored = StoredTimes.atQueueOffset(store, topic, queueId, committed);
                    if (stored > 0) {
                        oldestMs = Math.min(oldestMs, stored);
                    }
                }
            }
            Labels labels = constant.merge(Labels.of(
                    "consumer_group",
                    group,
                    "is_retry",
                    Boolean.toString(Names.isRetryTopic(topic)),
                    "is_system",
                    Boolean.toString(Names.isSystemTopic(topic) || Names.isSystemGroup(group)),
                    "topic",
                    topic));
            lag.dataPoint(Snapshots.gaugePoint(labels, messages));
            latency.dataPoint(
                    Snapshots.gaugePoint(labels, oldestMs == Long.MAX_VALUE ? 0 : Math.max(0, nowMs - oldestMs)));
            inflight.dataPoint(Snapshots.gaugePoint(labels, 0));
        }
        return MetricSnapshots.of(lag.build(), latency.build(), inflight.build());
    }
}
