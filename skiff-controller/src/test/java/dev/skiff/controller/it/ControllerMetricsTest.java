package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.controller.metrics.ControllerMetrics;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller peer's {@code /metrics} over real HTTP: its role, term and leader, a broker group's
 * master epoch, in-sync set and live replicas, and the elections it decided by result.
 */
@Timeout(120)
class ControllerMetricsTest {
    private static final String CLUSTER = "MetricsCtlCluster";
    private static final String NAME = "metrics-ctl-b";

    @TempDir
    File dir;

    private ControllerCluster cluster;
    private ControllerMetrics metrics;
    private final List<FakeBroker> brokers = new ArrayList<>();

    @AfterEach
    void stop() {
        brokers.forEach(FakeBroker::close);
        if (metrics != null) {
            metrics.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void showsRoleGroupsAndElections() throws Exception {
        cluster = new ControllerCluster(1, dir, 3_000, 1_000);
        cluster.startAll();
        int leaderIndex = cluster.awaitLeader(Duration.ofSeconds(30));
        String leader = cluster.server(leaderIndex).address();
        for (int i = 0; i < 2; i++) {
            FakeBroker b = new FakeBroker(CLUSTER, NAME);
            brokers.add(b);
            RemotingCommand reg = b.register(leader);
            assertThat(reg.code()).as(reg.remark()).isZero();
            b.startHeartbeats(cluster::addresses, 200);
        }
        ControllerCluster.await(
                Duration.ofSeconds(10),
                "both replicas alive",
                () -> cluster.server(leaderIndex).liveCount(NAME) == 2);
        assertThat(brokers.get(0).electMaster(leader).code()).isZero();
        assertThat(brokers.get(1).electMaster(leader).code()).isEqualTo(ControllerCodes.CONTROLLER_MASTER_STILL_EXIST);

        metrics = ControllerMetrics.start(cluster.server(leaderIndex), "127.0.0.1", 0);
        String body = scrape(metrics.port());
        String peer = "address=\"" + leader + "\",group=\"skiff-controller\",node_type=\"controller\",peer_id=\"n0\"";
        assertThat(body)
                .contains("role{" + peer + "} 3.0")
                .contains("skiff_controller_leader{" + peer.replace("node_type=", "leader_id=\"n0\",node_type=")
                        + "} 1.0")
                .contains("skiff_controller_broker_groups{" + peer + "} 1.0")
                .contains("election_total{"
                        + address(
                                peer,
                                "broker_set=\"" + NAME + "\",cluster=\"" + CLUSTER
                                        + "\",election_result=\"new_master_elected\",")
                        + "} 1.0")
                .contains("election_total{"
                        + address(
                                peer,
                                "broker_set=\"" + NAME + "\",cluster=\"" + CLUSTER
                                        + "\",election_result=\"keep_current_master\",")
                        + "} 1.0")
                .contains("skiff_controller_master_epoch{" + group(peer) + "} 1.0")
                .contains("active_broker_num{" + group(peer) + "} 2.0")
                .contains("skiff_controller_has_master{" + group(peer) + "} 1.0")
                .contains("skiff_jvm_threads{");
        assertThat(value(body, "skiff_controller_term")).isGreaterThanOrEqualTo(1);
    }

    /** The labels sorted as the exporter writes them: {@code address} first, then {@code extra}, then the rest. */
    private static String address(String peer, String extra) {
        int comma = peer.indexOf(',');
        return peer.substring(0, comma + 1) + extra + peer.substring(comma + 1);
    }

    private static String group(String peer) {
        return address(peer, "broker_set=\"" + NAME + "\",cluster=\"" + CLUSTER + "\",");
    }

    private static double value(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
