package dev.skiff.controller.metrics;

import dev.skiff.common.metrics.Buckets;
import dev.skiff.common.metrics.Snapshots;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * The official controller's request and append families, built at scrape time from {@link
 * ControllerRequestStats} and {@link RaftAppendStats}: {@code request_total}, {@code
 * request_latency_microseconds}, {@code dledger_op_total}, {@code dledger_op_latency_microseconds}
 * (the official instruments' names as its Prometheus exporter writes them: counters end in {@code
 * _total}, the unit {@code us} becomes {@code _microseconds}).
 */
final class RequestFamilies {
    private static final String APPEND = "append";

    private RequestFamilies() {}

    static List<MetricSnapshot> build(ControllerRequestStats requests, RaftAppendStats appends, Labels constant) {
        CounterSnapshot.Builder total = Snapshots.counter("request", "Controller requests by type and outcome");
        HistogramSnapshot.Builder latency = Snapshots.histogram(
                "request_latency_microseconds", "Time to handle a controller request, in microseconds");
        OpStatus[] statuses = OpStatus.values();
        requests.forEach((type, counts, latencyUs) -> {
            Labels typed = constant.merge(Labels.of("request_type", type));
            for (OpStatus s : statuses) {
                if (counts[s.ordinal()] > 0) {
                    total.dataPoint(Snapshots.counterPoint(
                            typed.merge(Labels.of("request_handle_status", s.label())), counts[s.ordinal()]));
                }
            }
            if (counts[OpStatus.SUCCESS.ordinal()] > 0) {
                latency.dataPoint(point(typed, latencyUs));
            }
        });
        CounterSnapshot.Builder ops = Snapshots.counter("dledger_op", "Commands replicated through Raft, by outcome");
        Labels append = constant.merge(Labels.of("dledger_operation", APPEND));
        for (OpStatus s : statuses) {
            long n = appends.count(s);
            if (n > 0) {
                ops.dataPoint(
                        Snapshots.counterPoint(append.merge(Labels.of("dLedger_operation_status", s.label())), n));
            }
        }
        HistogramSnapshot.Builder opLatency = Snapshots.histogram(
                "dledger_op_latency_microseconds", "Time to replicate and apply a command, in microseconds");
        if (appends.count(OpStatus.SUCCESS) > 0) {
            opLatency.dataPoint(point(append, appends.latencyUs()));
        }
        return List.of(total.build(), latency.build(), ops.build(), opLatency.build());
    }

    private static io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot point(
            Labels labels, Buckets b) {
        return Snapshots.histogramPoint(labels, b.bounds(), b.counts(), b.sum());
    }
}
