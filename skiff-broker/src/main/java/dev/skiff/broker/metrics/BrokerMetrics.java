package dev.skiff.broker.metrics;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.metrics.JvmMetrics;
import dev.skiff.common.metrics.MetricsEndpoint;
import dev.skiff.store.dispatch.ArrivalListener;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's metrics: the message-size histogram fed by the store's arrivals (created before
 * the store starts, {@link #sizes}), then, once the broker is wired ({@link #serve}), a registry
 * of collectors served at {@code http://metricsPromExporterHost:metricsPromExporterPort/metrics}
 * when {@code metricsExporterType=PROM}. Every sample carries the official constant labels {@code
 * cluster}, {@code node_type="broker"} and {@code node_id} (the broker name).
 */
public final class BrokerMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerMetrics.class);

    private final MessageSizeHistogram sizes = new MessageSizeHistogram();
    private MetricsEndpoint endpoint;

    /** Whether the config asks for the endpoint. */
    public static boolean enabled(BrokerConfig config) {
        return "PROM".equals(config.metricsExporterType());
    }

    /** The listener that counts message sizes; add it to the store's arrivals. */
    public ArrivalListener sizes() {
        return sizes;
    }

    /**
     * Starts the endpoint (when enabled) over the wired broker's parts. A port that cannot be bound
     * is logged at WARN and the broker runs on without metrics: messaging never fails for them.
     */
    public synchronized void serve(BrokerParts parts) {
        BrokerConfig config = parts.config();
        if (!enabled(config) || endpoint != null) {
            return;
        }
        Labels constant =
                Labels.of("cluster", config.brokerClusterName(), "node_id", config.brokerName(), "node_type", "broker");
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new TrafficMetrics(parts.stats(), sizes, constant));
        registry.register(new ConsumerLagMetrics(parts.offsets(), parts.store(), parts.clock(), constant));
        registry.register(new BrokerStateMetrics(parts, constant));
        registry.register(new SkiffBrokerMetrics(parts, constant));
        registry.register(new JvmMetrics(constant));
        parts.refused().constantLabels(constant);
        registry.register(parts.refused());
        String host = host(config);
        try {
            endpoint = MetricsEndpoint.start("broker-metrics", host, config.metricsPromExporterPort(), registry);
        } catch (IOException e) {
            log.warn("broker metrics endpoint not started: {}", e.getMessage());
            return;
        }
        log.info("broker metrics on http://{}:{}/metrics", host, endpoint.port());
    }

    /** The endpoint's port; -1 when not serving. */
    public synchronized int port() {
        return endpoint == null ? -1 : endpoint.port();
    }

    /** {@code metricsPromExporterHost}, or the broker's listen host when it is empty. */
    static String host(BrokerConfig config) {
        return config.metricsPromExporterHost().isEmpty() ? config.listenHost() : config.metricsPromExporterHost();
    }

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }
}
