package dev.skiff.common.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP endpoint a server's metrics are scraped from: the Prometheus Java client's exporter
 * serving one {@link PrometheusRegistry} at {@code /metrics} (text format 0.0.4, or OpenMetrics
 * when asked for it) on its own small pool of daemon threads. Every value is read when a scrape
 * arrives, by the registry's collectors, so an idle endpoint costs nothing.
 *
 * <p>Bounded: two threads and a queue of 16 scrapes; a scrape beyond that waits for a slot.
 */
public final class MetricsEndpoint implements AutoCloseable {
    static final int THREADS = 2;
    static final int QUEUE = 16;

    private final HTTPServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HTTPServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @param name thread-name prefix, e.g. {@code broker-metrics}
     */
    public static MetricsEndpoint start(String name, String host, int port, PrometheusRegistry registry)
            throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("metrics port out of range: " + port);
        }
        AtomicInteger seq = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                THREADS,
                THREADS,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            HTTPServer server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry)
                    .executorService(executor)
                    .buildAndStart();
            return new MetricsEndpoint(server, executor);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw new IOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port bound. */
    public int port() {
        return server.getPort();
    }

    /** {@code host:port} as bound, for logs. */
    public String address(String host) {
        return new InetSocketAddress(host, port()).getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}
