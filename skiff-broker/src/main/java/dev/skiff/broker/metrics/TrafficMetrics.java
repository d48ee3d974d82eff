package dev.skiff.broker.metrics;

import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.common.metrics.Snapshots;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Messages and bytes in and out, by the official names: {@code rocketmq_messages_in_total} and
 * {@code rocketmq_throughput_in_total} per {@code topic}, {@code rocketmq_messages_out_total} and
 * {@code rocketmq_throughput_out_total} per {@code topic} and {@code consumer_group}, each with
 * {@code is_system} (and {@code is_retry} out), plus {@code rocketmq_message_size}. Read from
 * {@link BrokerStats}' per-key totals at scrape time: nothing is counted twice.
 */
final class TrafficMetrics implements MultiCollector {
    private final BrokerStats stats;
    private final MessageSizeHistogram sizes;
    private final Labels constant;

    TrafficMetrics(BrokerStats stats, MessageSizeHistogram sizes, Labels constant) {
        this.stats = stats;
        this.sizes = sizes;
        this.constant = constant;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder messagesIn = Snapshots.counter("rocketmq_messages_in", "Messages stored");
        CounterSnapshot.Builder bytesIn = Snapshots.counter("rocketmq_throughput_in", "Bytes stored");
        stats.forEachTopicPut((topic, messages, bytes) -> {
            Labels labels = constant.merge(
                    Labels.of("is_system", Boolean.toString(Names.isSystemTopic(topic)), "topic", topic));
            messagesIn.dataPoint(Snapshots.counterPoint(labels, messages));
            bytesIn.dataPoint(Snapshots.counterPoint(labels, bytes));
        });
        CounterSnapshot.Builder messagesOut =
                Snapshots.counter("rocketmq_messages_out", "Messages handed to consumers");
        CounterSnapshot.Builder bytesOut = Snapshots.counter("rocketmq_throughput_out", "Bytes handed to consumers");
        stats.forEachGroupGet((topic, group, messages, bytes) -> {
            Labels labels = constant.merge(Labels.of(
                    "consumer_group",
                    group,
                    "is_retry",
                    Boolean.toString(Names.isRetryTopic(topic)),
                    "is_system",
                    Boolean.toString(Names.isSystemTopic(topic) || Names.isSystemGroup(group)),
                    "topic",
                    topic));
            messagesOut.dataPoint(Snapshots.counterPoint(labels, messages));
            bytesOut.dataPoint(Snapshots.counterPoint(labels, bytes));
        });
        return MetricSnapshots.of(
                messagesIn.build(), bytesIn.build(), messagesOut.build(), bytesOut.build(), sizes.snapshot(constant));
    }
}
