package dev.skiff.namesrv.metrics;

import dev.skiff.common.metrics.JvmMetrics;
import dev.skiff.common.metrics.MetricsEndpoint;
import dev.skiff.common.metrics.Snapshots;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.namesrv.route.RouteRegistry;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.metrics.RpcLatencyMetrics;
import dev.skiff.remoting.protocol.body.ClusterInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name server's {@code /metrics} endpoint, when {@code metricsExporterType=PROM}:
 * {@code skiff_namesrv_brokers_live} (broker addresses registered and not timed out), {@code
 * skiff_namesrv_broker_names} and {@code skiff_namesrv_clusters} (from the cluster table), the
 * official {@code rocketmq_rpc_latency_milliseconds} of the requests it answered, and the
 * JVM figures, each with {@code node_type="namesrv"} and {@code node_id} (the advertised address).
 */
public final class NamesrvMetrics implements MultiCollector, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamesrvMetrics.class);

    private final RouteRegistry registry;
    private final RpcLatency rpcLatency;
    private final Labels constant;
    private MetricsEndpoint endpoint;

    private NamesrvMetrics(RouteRegistry registry, RpcLatency rpcLatency, Labels constant) {
        this.registry = registry;
        this.rpcLatency = rpcLatency;
        this.constant = constant;
    }

    /**
     * Starts the endpoint when the config asks for it; null otherwise, or when its port cannot be
     * bound (logged at WARN: the name server runs on without metrics).
     */
    public static NamesrvMetrics startIfEnabled(
            NamesrvConfig config, RouteRegistry routes, RpcLatency rpcLatency, String nodeId) {
        if (!"PROM".equals(config.metricsExporterType())) {
            return null;
        }
        Labels constant = Labels.of("node_id", nodeId, "node_type", "namesrv");
        NamesrvMetrics metrics = new NamesrvMetrics(routes, rpcLatency, constant);
        PrometheusRegistry prometheus = new PrometheusRegistry();
        prometheus.register(metrics);
        prometheus.register(new JvmMetrics(constant));
        String host =
                config.metricsPromExporterHost().isEmpty() ? config.listenHost() : config.metricsPromExporterHost();
        try {
            metrics.endpoint =
                    MetricsEndpoint.start("namesrv-metrics", host, config.metricsPromExporterPort(), prometheus);
        } catch (IOException e) {
            log.warn("name server metrics endpoint not started: {}", e.getMessage());
            return null;
        }
        log.info("name server metrics on http://{}:{}/metrics", host, metrics.endpoint.port());
        return metrics;
    }

    /** The endpoint's port. */
    public int port() {
        return endpoint.port();
    }

    @Override
    public MetricSnapshots collect() {
        ClusterInfo clusters = registry.clusterInfo();
        return MetricSnapshots.of(
                Snapshots.gauge("skiff_namesrv_brokers_live", "Broker addresses registered and alive")
                        .dataPoint(Snapshots.gaugePoint(constant, registry.liveBrokerCount()))
                        .build(),
                Snapshots.gauge("skiff_namesrv_broker_names", "Broker names (master and slaves) registered")
                        .dataPoint(Snapshots.gaugePoint(
                                constant, clusters.brokerAddrTable().size()))
                        .build(),
                Snapshots.gauge("skiff_namesrv_clusters", "Clusters registered")
                        .dataPoint(Snapshots.gaugePoint(
                                constant, clusters.clusterAddrTable().size()))
                        .build(),
                RpcLatencyMetrics.snapshot(rpcLatency, constant));
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
