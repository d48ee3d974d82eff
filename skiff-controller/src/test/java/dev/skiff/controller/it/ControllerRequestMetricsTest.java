package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.File;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official controller's request and append series on a real controller peer: requests sent
 * over the wire move {@code request_total} by type and status and {@code request_latency}, Raft
 * appends move {@code dledger_op_total} / {@code dledger_op_latency}, and the Raft facts (applied
 * index, snapshots, disk use) follow.
 */
@Timeout(120)
class ControllerRequestMetricsTest {
    private static final String CLUSTER = "ReqMetricsCluster";
    private static final String NAME = "req-metrics-b";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");

    @TempDir
    File dir;

    private MetricsPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void requestsAppendsAndRaftFactsMove() throws Exception {
        peer = MetricsPeer.start(dir);
        String leader = peer.leader();
        peer.startMetrics();
        String before = peer.scrape();

        FakeBroker broker = peer.registeredBroker(CLUSTER, NAME); // next id, apply id (append), register (append)
        peer.awaitLive(NAME, 1);
        assertThat(broker.electMaster(leader).code()).isZero(); // append
        for (int i = 0; i < 5; i++) {
            assertThat(broker.call(leader, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO))
                            .code())
                    .isZero();
        }
        RemotingCommand bad =
                broker.call(leader, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID));
        assertThat(bad.code()).as(bad.remark()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        long snapshotIndex = peer.server().raft().takeSnapshot();
        assertThat(snapshotIndex).isPositive();

        String after = peer.scrape();
        assertThat(value(
                        after,
                        "request_total",
                        Map.of("request_type", "CONTROLLER_BROKER_HEARTBEAT", "request_handle_status", "success")))
                .isPositive();
        assertThat(delta(before, after, "request_total", "CONTROLLER_GET_NEXT_BROKER_ID", "success"))
                .isEqualTo(1);
        assertThat(delta(before, after, "request_total", "CONTROLLER_GET_NEXT_BROKER_ID", "failed"))
                .isEqualTo(1);
        assertThat(delta(before, after, "request_total", "CONTROLLER_APPLY_BROKER_ID", "success"))
                .isEqualTo(1);
        assertThat(delta(before, after, "request_total", "CONTROLLER_REGISTER_BROKER", "success"))
                .isEqualTo(1);
        assertThat(delta(before, after, "request_total", "CONTROLLER_ELECT_MASTER", "success"))
                .isEqualTo(1);
        assertThat(delta(before, after, "request_total", "CONTROLLER_GET_METADATA_INFO", "success"))
                .isEqualTo(5);
        // only handled requests are timed, as the official controller does
        assertThat(value(
                        after,
                        "request_latency_microseconds_count",
                        Map.of("request_type", "CONTROLLER_GET_METADATA_INFO")))
                .isEqualTo(5);
        assertThat(value(
                        after,
                        "request_latency_microseconds_bucket",
                        Map.of("request_type", "CONTROLLER_REGISTER_BROKER", "le", "+Inf")))
                .isEqualTo(1);
        assertThat(value(
                        after,
                        "request_latency_microseconds_bucket",
                        Map.of("request_type", "CONTROLLER_GET_NEXT_BROKER_ID", "le", "+Inf")))
                .isEqualTo(1);

        Map<String, String> ok = Map.of("dledger_operation", "append", "dLedger_operation_status", "success");
        double appends = value(after, "dledger_op_total", ok) - orZero(value(before, "dledger_op_total", ok));
        assertThat(appends).isGreaterThanOrEqualTo(3); // apply id, register, elect (the scan may add its own)
        assertThat(value(after, "dledger_op_latency_microseconds_count", Map.of("dledger_operation", "append")))
                .isEqualTo(value(after, "dledger_op_total", ok));
        assertThat(value(after, "dledger_op_latency_microseconds_sum", Map.of("dledger_operation", "append")))
                .isPositive();

        double applied = value(after, "skiff_controller_raft_applied_index", Map.of());
        assertThat(applied - value(before, "skiff_controller_raft_applied_index", Map.of()))
                .isGreaterThanOrEqualTo(3);
        assertThat(value(after, "skiff_controller_raft_commit_index", Map.of())).isGreaterThanOrEqualTo(applied);
        assertThat(value(after, "skiff_controller_raft_last_log_index", Map.of()))
                .isGreaterThanOrEqualTo(applied);
        assertThat(value(after, "skiff_controller_raft_snapshots_total", Map.of("kind", "taken")))
                .isEqualTo(1);
        assertThat(value(after, "skiff_controller_raft_snapshot_index", Map.of()))
                .isEqualTo(snapshotIndex);
        assertThat(value(after, "dledger_disk_usage_bytes", Map.of())).isPositive();
        assertThat(value(after, "role", Map.of())).isEqualTo(3);
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double delta(String before, String after, String name, String type, String status) {
        Map<String, String> labels = Map.of("request_type", type, "request_handle_status", status);
        return value(after, name, labels) - orZero(value(before, name, labels));
    }

    /** The value of the one sample of {@code name} carrying every label in {@code want}; NaN when none. */
    static double value(String body, String name, Map<String, String> want) {
        double found = Double.NaN;
        for (String line : body.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> labels = labels(m.group(3));
            if (want.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                assertThat(found).as("one sample of %s with %s", name, want).isNaN();
                found = Double.parseDouble(m.group(4));
            }
        }
        return found;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> out = new java.util.HashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"").matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }
}
