package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.controller.metrics.ControllerMetrics;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The set-up of the controller metrics tests: a one-peer controller (so the leader) with a 3 s
 * broker heartbeat timeout and a snapshot every 1,000 entries, the {@link FakeBroker}s registered
 * with it, and its {@code /metrics} exporter on a free port of 127.0.0.1, scraped over real HTTP.
 * {@link #close()} closes the brokers, the exporter and the peer, in that order.
 */
final class MetricsPeer implements AutoCloseable {
    private final ControllerCluster cluster;
    private final int leaderIndex;
    private final List<FakeBroker> brokers = new ArrayList<>();
    private ControllerMetrics metrics;

    private MetricsPeer(ControllerCluster cluster, int leaderIndex) {
        this.cluster = cluster;
        this.leaderIndex = leaderIndex;
    }

    /** Starts the peer under {@code dir} and waits (30 s at most) until it leads. */
    static MetricsPeer start(File dir) throws Exception {
        ControllerCluster cluster = new ControllerCluster(1, dir, 3_000, 1_000);
        try {
            cluster.startAll();
            return new MetricsPeer(cluster, cluster.awaitLeader(Duration.ofSeconds(30)));
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    ControllerServer server() {
        return cluster.server(leaderIndex);
    }

    /** The leader's remoting address. */
    String leader() {
        return server().address();
    }

    /** A broker of {@code clusterName}/{@code name} registered with the leader and heart-beating every 200 ms. */
    FakeBroker registeredBroker(String clusterName, String name) throws Exception {
        FakeBroker b = new FakeBroker(clusterName, name);
        brokers.add(b);
        RemotingCommand reg = b.register(leader());
        assertThat(reg.code()).as(reg.remark()).isZero();
        b.startHeartbeats(cluster::addresses, 200);
        return b;
    }

    /** Waits (10 s at most) until the leader counts {@code count} live replicas of {@code name}. */
    void awaitLive(String name, int count) {
        ControllerCluster.await(
                Duration.ofSeconds(10), count + " live replicas of " + name, () -> server().liveCount(name) == count);
    }

    /** Starts the leader's exporter on a free port. */
    void startMetrics() throws Exception {
        metrics = ControllerMetrics.start(server(), "127.0.0.1", 0);
    }

    /** The exporter's page, asserted to be served with 200. */
    String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Override
    public void close() {
        brokers.forEach(FakeBroker::close);
        if (metrics != null) {
            metrics.close();
        }
        cluster.close();
    }
}
