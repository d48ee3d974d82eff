package dev.skiff.controller.metrics;

import dev.skiff.common.metrics.JvmMetrics;
import dev.skiff.common.metrics.MetricsEndpoint;
import dev.skiff.common.metrics.Snapshots;
import dev.skiff.controller.raft.RaftNode;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.controller.state.ReplicaGroup;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A controller peer's {@code /metrics}, read at scrape time. Every sample carries the official
 * controller labels {@code address} (this peer's remoting address), {@code group} (the Raft group)
 * and {@code peer_id}, plus {@code node_type="controller"}.
 *
 * <ul>
 *   <li>{@code role}: 3 leader, 2 follower, 1 candidate, 0 unknown (the official values, from
 *       the role Ratis reports);
 *   <li>{@code skiff_controller_term}: the Raft term this peer is in; {@code
 *       skiff_controller_leader{leader_id}}: 1 for the leader this peer knows;
 *   <li>{@code skiff_controller_broker_groups}: broker groups in the replicated state;
 *   <li>per group ({@code cluster}, {@code broker_set}): {@code active_broker_num} (replicas
 *       heart-beating), {@code skiff_controller_master_epoch}, {@code
 *       skiff_controller_sync_state_set_size}, {@code skiff_controller_has_master};
 *   <li>{@code election_total} ({@code cluster}, {@code broker_set}, {@code election_result}):
 *       elections this peer decided as leader;
 *   <li>requests and Raft appends ({@link RequestFamilies}: the official {@code request_total},
 *       {@code request_latency}, {@code dledger_op_total}, {@code dledger_op_latency});
 *   <li>Raft log facts and disk use ({@link RaftFamilies}: {@code dledger_disk_usage} and Skiff's
 *       {@code skiff_controller_raft_*}).
 * </ul>
 *
 * At most {@value #GROUPS_SHOWN_MAX} groups get per-group samples.
 */
public final class ControllerMetrics implements MultiCollector, AutoCloseable {
    static final int GROUPS_SHOWN_MAX = 10_000;

    private final ControllerServer server;
    private final Labels constant;
    private MetricsEndpoint endpoint;

    ControllerMetrics(ControllerServer server, Labels constant) {
        this.server = server;
        this.constant = constant;
    }

    /** Serves {@code /metrics} for a started peer on {@code host:port} (0 picks a free port). */
    public static ControllerMetrics start(ControllerServer server, String host, int port) throws IOException {
        Labels constant = Labels.of(
                "address",
                server.address(),
                "group",
                ControllerServer.GROUP_NAME,
                "node_type",
                "controller",
                "peer_id",
                server.peerId());
        ControllerMetrics metrics = new ControllerMetrics(server, constant);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        registry.register(new JvmMetrics(constant));
        metrics.endpoint = MetricsEndpoint.start("controller-metrics", host, port, registry);
        return metrics;
    }

    public int port() {
        return endpoint.port();
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, ReplicaGroup> groups = server.state().groups();
        GaugeSnapshot.Builder activeBrokers = Snapshots.gauge("active_broker_num", "Replicas of a group heart-beating");
        GaugeSnapshot.Builder epochs = Snapshots.gauge("skiff_controller_master_epoch", "Master epoch of each group");
        GaugeSnapshot.Builder syncSets =
                Snapshots.gauge("skiff_controller_sync_state_set_size", "Replicas in each group's in-sync set");
        GaugeSnapshot.Builder hasMaster =
                Snapshots.gauge("skiff_controller_has_master", "1 when the group has a master");
        int shown = 0;
        for (ReplicaGroup g : groups.values()) {
            if (shown++ >= GROUPS_SHOWN_MAX) {
                break;
            }
            Labels labels = constant.merge(Labels.of("broker_set", g.brokerName(), "cluster", orEmpty(g.cluster())));
            activeBrokers.dataPoint(Snapshots.gaugePoint(labels, server.liveCount(g.brokerName())));
            epochs.dataPoint(Snapshots.gaugePoint(labels, g.masterEpoch()));
            syncSets.dataPoint(Snapshots.gaugePoint(labels, g.syncStateSet().size()));
            hasMaster.dataPoint(Snapshots.gaugePoint(labels, g.hasMaster() ? 1 : 0));
        }
        CounterSnapshot.Builder elections = Snapshots.counter("election", "Elections decided by this peer as leader");
        server.elections()
                .forEach((key, count) -> elections.dataPoint(Snapshots.counterPoint(
                        constant.merge(Labels.of(
                                "broker_set",
                                key.brokerSet(),
                                "cluster",
                                key.cluster(),
                                "election_result",
                                key.result())),
                        count)));
        String leader = server.raft().leaderId();
        GaugeSnapshot.Builder leaderGauge =
                Snapshots.gauge("skiff_controller_leader", "1 for the leader this peer knows of");
        if (leader != null) {
            leaderGauge.dataPoint(Snapshots.gaugePoint(constant.merge(Labels.of("leader_id", leader)), 1));
        }
        RaftNode.RaftFacts facts = server.raft().facts();
        List<MetricSnapshot> all = new ArrayList<>(List.of(
                single("role", "Role of this peer: 3 leader, 2 follower, 1 candidate, 0 unknown", facts.role()),
                single("skiff_controller_term", "Raft term of this peer", facts.term()),
                leaderGauge.build(),
                single("skiff_controller_broker_groups", "Broker groups in the replicated state", groups.size()),
                activeBrokers.build(),
                epochs.build(),
                syncSets.build(),
                hasMaster.build(),
                elections.build()));
        all.addAll(RequestFamilies.build(server.requestStats(), server.appends(), constant));
        all.addAll(RaftFamilies.build(
                facts, server.stateMachine(), server.dataDir().toPath(), constant));
        return new MetricSnapshots(all);
    }

    private GaugeSnapshot single(String name, String help, double value) {
        return Snapshots.gauge(name, help)
                .dataPoint(Snapshots.gaugePoint(constant, value))
                .build();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
