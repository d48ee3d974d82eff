package dev.skiff.broker.metrics;

import dev.skiff.broker.ha.Replication;
import dev.skiff.broker.ha.ReplicationStatus;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.common.metrics.Snapshots;
import dev.skiff.store.engine.DefaultMessageStore;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * Skiff's own broker figures ({@code skiff_} prefix), read at scrape time from what the broker
 * keeps anyway:
 *
 * <ul>
 *   <li>{@code skiff_long_polls_held}: pulls parked by long polling;
 *   <li>{@code skiff_dispatch_lag_bytes}: commit-log bytes not yet dispatched to consume queues;
 *   <li>{@code skiff_replication_lag_bytes{slave}} and {@code skiff_replication_in_sync{slave}}
 *       per slave connection, on a master;
 *   <li>{@code skiff_frames_refused_total{reason="partial_budget"|"deadline"}}: connections
 *       closed by the frame limits;
 *   <li>{@code skiff_commitlog_append_latency_microseconds}: each commit-log append, kept by the
 *       store;
 *   <li>{@code skiff_commitlog_flush_latency_microseconds} and {@code
 *       skiff_commitlog_group_commit_bytes}: histograms of each commit-log force (duration, bytes
 *       made durable), kept by the store's flush thread;
 *   <li>{@code skiff_disk_used_ratio}: used fraction of the store's disk;
 *   <li>{@code skiff_store_refused_appends_total}: appends refused after a failed write.
 * </ul>
 */
final class SkiffBrokerMetrics implements MultiCollector {
    private final BrokerParts parts;
    private final Labels constant;

    SkiffBrokerMetrics(BrokerParts parts, Labels constant) {
        this.parts = parts;
        this.constant = constant;
    }

    @Override
    public MetricSnapshots collect() {
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
        out.add(gauge(
                "skiff_long_polls_held",
                "Pulls held by long polling",
                parts.heldPolls().getAsInt()));
        long behind = Math.max(
                0, parts.store().commitLogMaxOffset() - parts.dispatchedOffset().getAsLong());
        out.add(gauge("skiff_dispatch_lag_bytes", "Commit-log bytes not yet dispatched", behind));
        GaugeSnapshot.Builder lag = Snapshots.gauge("skiff_replication_lag_bytes", "Bytes a slave is behind");
        GaugeSnapshot.Builder inSync = Snapshots.gauge("skiff_replication_in_sync", "1 if the slave is in sync");
        Replication replication = parts.replication().get();
        if (replication != null) {
            for (ReplicationStatus slave : replication.status()) {
                Labels labels = constant.merge(Labels.of("slave", slave.slaveAddress()));
                lag.dataPoint(Snapshots.gaugePoint(labels, slave.lagBytes()));
                inSync.dataPoint(Snapshots.gaugePoint(labels, slave.inSync() ? 1 : 0));
            }
        }
        out.add(lag.build());
        out.add(inSync.build());
        if (parts.frameLimits() != null) {
            out.add(Snapshots.counter("skiff_frames_refused", "Connections closed by the frame limits")
                    .dataPoint(Snapshots.counterPoint(
                            constant.merge(Labels.of("reason", "partial_budget")),
                            parts.frameLimits().partialFramesRefused()))
                    .dataPoint(Snapshots.counterPoint(
                            constant.merge(Labels.of("reason", "deadline")),
                            parts.frameLimits().framesExpired()))
                    .build());
        }
        if (parts.store() instanceof DefaultMessageStore store) {
            Buckets appends = store.appendMicros();
            out.add(Snapshots.histogram(
                            "skiff_commitlog_append_latency_microseconds",
                            "Time each commit-log append took, in microseconds")
                    .dataPoint(Snapshots.histogramPoint(constant, appends.bounds(), appends.counts(), appends.sum()))
                    .build());
            Buckets durations = store.flushService().forceMicros();
            out.add(Snapshots.histogram(
                            "skiff_commitlog_flush_latency_microseconds",
                            "Time each commit-log force took, in microseconds")
                    .dataPoint(
                            Snapshots.histogramPoint(constant, durations.bounds(), durations.counts(), durations.sum()))
                    .build());
            Buckets bytes = store.flushService().forcedBytes();
            out.add(Snapshots.histogram(
                            "skiff_commitlog_group_commit_bytes",
                            "Bytes each commit-log force made durable (the group commit's size)")
                    .dataPoint(Snapshots.histogramPoint(constant, bytes.bounds(), bytes.counts(), bytes.sum()))
                    .build());
        }
        out.add(gauge("skiff_disk_used_ratio", "Used fraction of the store's disk", diskRatio()));
        out.add(Snapshots.counter("skiff_store_refused_appends", "Appends refused after a failed write")
                .dataPoint(
                        Snapshots.counterPoint(constant, parts.store().health().refusedAppends()))
                .build());
        return new MetricSnapshots(out);
    }

    private double diskRatio() {
        try {
            return parts.disk().usedRatio();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private GaugeSnapshot gauge(String name, String help, double value) {
        return Snapshots.gauge(name, help)
                .dataPoint(Snapshots.gaugePoint(constant, value))
                .build();
    }
}
