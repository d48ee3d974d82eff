package dev.skiff.remoting.metrics;

import dev.skiff.common.metrics.Snapshots;
import dev.skiff.remoting.RpcLatency;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * {@link RpcLatency} as the Prometheus family {@code rocketmq_rpc_latency_milliseconds} (the
 * official broker's {@code rocketmq_rpc_latency}, unit milliseconds, as its Prometheus exporter
 * names it), with the official labels {@code protocol_type="remoting"}, {@code request_code},
 * {@code response_code} (absent for {@code result="process_request_failed"}, as there), {@code
 * is_long_polling} and {@code result} on top of the server's own.
 * Built at scrape time; needs the Prometheus model on the class path (servers only).
 */
public final class RpcLatencyMetrics {
    public static final String NAME = "rocketmq_rpc_latency_milliseconds";

    private RpcLatencyMetrics() {}

    /** The family now, each point carrying {@code constant} labels too. */
    public static HistogramSnapshot snapshot(RpcLatency latency, Labels constant) {
        HistogramSnapshot.Builder family = Snapshots.histogram(NAME, "Time to answer a request, in milliseconds");
        latency.forEach((request, response, longPolling, result, cell) -> {
            Labels labels = Labels.of(
                    "is_long_polling",
                    Boolean.toString(longPolling),
                    "protocol_type",
                    "remoting",
                    "request_code",
                    request,
                    "result",
                    result);
            if (!response.isEmpty()) { // a request no answer was made for carries no response code
                labels = labels.merge(Labels.of("response_code", response));
            }
            family.dataPoint(
                    Snapshots.histogramPoint(constant.merge(labels), cell.bounds(), cell.counts(), cell.sum()));
        });
        return family.build();
    }
}
