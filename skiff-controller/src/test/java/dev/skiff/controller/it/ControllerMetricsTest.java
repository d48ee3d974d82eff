package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.File;
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

    private MetricsPeer controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void showsRoleGroupsAndElections() throws Exception {
        controller = MetricsPeer.start(dir);
        String leader = controller.leader();
        FakeBroker first = controller.registeredBroker(CLUSTER, NAME);
        FakeBroker second = controller.registeredBroker(CLUSTER, NAME);
        controller.awaitLive(NAME, 2);
        assertThat(first.electMaster(leader).code()).isZero();
        assertThat(second.electMaster(leader).code()).isEqualTo(ControllerCodes.CONTROLLER_MASTER_STILL_EXIST);

        controller.startMetrics();
        String body = controller.scrape();
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
}
