package dev.skiff.broker.metrics;

import dev.skiff.broker.client.ClientConnection;
import dev.skiff.broker.client.ConsumerGroupSnapshot;
import dev.skiff.common.metrics.Snapshots;
import dev.skiff.remoting.metrics.RpcLatencyMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * The broker's state by the official names, read at scrape time: {@code rocketmq_topic_number},
 * {@code rocketmq_consumer_group_number}, {@code rocketmq_broker_permission}, {@code
 * rocketmq_producer_connections} (per {@code language}, {@code version}), {@code
 * rocketmq_consumer_connections} (per {@code consumer_group}, {@code language}, {@code version},
 * {@code consume_mode}), {@code rocketmq_processor_watermark} (queued requests per {@code
 * processor}), {@code rocketmq_storage_size_bytes} (bytes the commit log holds) and {@code
 * rocketmq_storage_dispatch_behind_bytes}, and {@code rocketmq_rpc_latency_milliseconds} (the
 * remoting layer's histogram, {@link RpcLatencyMetrics}).
 */
final class BrokerStateMetrics implements MultiCollector {
    private final BrokerParts parts;
    private final Labels constant;

    BrokerStateMetrics(BrokerParts parts, Labels constant) {
        this.parts = parts;
        this.constant = constant;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot topics =
                single("rocketmq_topic_number", "Topics", parts.topics().size());
        GaugeSnapshot groups = single(
                "rocketmq_consumer_group_number",
                "Subscription groups",
                parts.groups().all().size());
        GaugeSnapshot permission = single(
                "rocketmq_broker_permission",
                "Broker permission",
                parts.config().brokerPermission());

        Map<Labels, Integer> producers = new HashMap<>();
        for (String group : parts.producers().groupNames()) {
            for (ClientConnection conn : parts.producers().connections(group)) {
                producers.merge(clientLabels(conn).merge(Labels.of("protocol_type", "remoting")), 1, Integer::sum);
            }
        }
        Map<Labels, Integer> consumers = new HashMap<>();
        for (String group : parts.consumers().groupNames()) {
            ConsumerGroupSnapshot snapshot = parts.consumers().group(group).orElse(null);
            if (snapshot == null) {
                continue;
            }
            for (ClientConnection conn : snapshot.connections()) {
                Labels labels = clientLabels(conn)
                        .merge(Labels.of(
                                "consume_mode",
                                consumeMode(snapshot.consumeType()),
                                "consumer_group",
                                group,
                                "is_system",
                                Boolean.toString(Names.isSystemGroup(group)),
                                "protocol_type",
                                "remoting"));
                consumers.merge(labels, 1, Integer::sum);
            }
        }
        GaugeSnapshot.Builder producerConnections =
                Snapshots.gauge("rocketmq_producer_connections", "Producer connections");
        producers.forEach((labels, n) -> producerConnections.dataPoint(Snapshots.gaugePoint(labels, n)));
        GaugeSnapshot.Builder consumerConnections =
                Snapshots.gauge("rocketmq_consumer_connections", "Consumer connections");
        consumers.forEach((labels, n) -> consumerConnections.dataPoint(Snapshots.gaugePoint(labels, n)));

        GaugeSnapshot.Builder watermark =
                Snapshots.gauge("rocketmq_processor_watermark", "Requests queued per processor");
        for (Map.Entry<String, IntSupplier> e : new TreeMap<>(parts.processorQueues()).entrySet()) {
            watermark.dataPoint(Snapshots.gaugePoint(
                    constant.merge(Labels.of("processor", e.getKey())),
                    e.getValue().getAsInt()));
        }
        Labels storage = constant.merge(Labels.of("storage_medium", "disk", "storage_type", "local"));
        long maxOffset = parts.store().commitLogMaxOffset();
        GaugeSnapshot storageSize = Snapshots.gauge("rocketmq_storage_size_bytes", "Bytes the commit log holds")
                .dataPoint(
                        Snapshots.gaugePoint(storage, maxOffset - parts.store().commitLogMinOffset()))
                .build();
        GaugeSnapshot dispatchBehind = Snapshots.gauge(
                        "rocketmq_storage_dispatch_behind_bytes", "Commit-log bytes not yet in consume queues")
                .dataPoint(Snapshots.gaugePoint(
                        storage,
                        Math.max(0, maxOffset - parts.dispatchedOffset().getAsLong())))
                .build();
        return MetricSnapshots.of(
                topics,
                groups,
                permission,
                producerConnections.build(),
                consumerConnections.build(),
                watermark.build(),
                storageSize,
                dispatchBehind,
                RpcLatencyMetrics.snapshot(parts.rpcLatency(), constant));
    }

    private GaugeSnapshot single(String name, String help, double value) {
        return Snapshots.gauge(name, help)
                .dataPoint(Snapshots.gaugePoint(constant, value))
                .build();
    }

    private Labels clientLabels(ClientConnection conn) {
        return constant.merge(Labels.of(
                "language", conn.language().name().toLowerCase(Locale.ROOT),
                "version", Integer.toString(conn.version())));
    }

    /** The official label value: push, pull or pop. */
    static String consumeMode(String consumeType) {
        return switch (consumeType == null ? "" : consumeType) {
            case "CONSUME_ACTIVELY" -> "pull";
            case "CONSUME_POP" -> "pop";
            default -> "push";
        };
    }
}
