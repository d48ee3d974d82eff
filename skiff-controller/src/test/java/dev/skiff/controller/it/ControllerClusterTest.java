package dev.skiff.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.controller.state.ReplicaGroup;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.AlterSyncStateSetResponseHeader;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoResponseHeader;
import dev.skiff.remoting.protocol.controller.NotifyBrokerRoleChangedRequestHeader;
import dev.skiff.remoting.protocol.controller.RegisterBrokerResponseHeader;
import dev.skiff.remoting.testing.Await;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.remoting.protocol.header.controller.GetMetaDataResponseHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real Ratis peers on 127.0.0.1 with three fake brokers speaking the controller protocol:
 * registration and first election, the sync-state-set compare-and-set, failover when the master's
 * heartbeats stop, the Raft leader killed and restarted (catching up through a snapshot after
 * log purge), and the official admin API against the quorum.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ControllerClusterTest {
    private static final long HEARTBEAT_TIMEOUT_MS = 2_000;
    private static final String CLUSTER = "c1";
    private static final String NAME = "broker-a";

    @TempDir
    File dir;

    private ControllerCluster cluster;
    private final List<FakeBroker> brokers = new ArrayList<>();

    @AfterEach
    void stop() {
        brokers.forEach(FakeBroker::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private String leaderAddress() {
        int i = cluster.awaitLeader(Duration.ofSeconds(20));
        return cluster.server(i).address();
    }

    @Test
    void failsOverFencesTheOldMasterAndSurvivesLosingTheRaftLeader() throws Exception {
        cluster = new ControllerCluster(3, dir, HEARTBEAT_TIMEOUT_MS, 5);
        cluster.startAll();
        String leader = leaderAddress();
        for (int i = 0; i < 3; i++) {
            FakeBroker b = new FakeBroker(CLUSTER, NAME);
            brokers.add(b);
            RemotingCommand reg = b.register(leader);
            assertThat(reg.code()).as(reg.remark()).isZero();
            b.startHeartbeats(cluster::addresses, 200);
        }
        assertThat(brokers).extracting(b -> b.brokerId).containsExactly(1L, 2L, 3L);
        FakeBroker first = brokers.get(0);
        ControllerCluster.await(
                Duration.ofSeconds(5),
                "heartbeats",
                () -> cluster.server(cluster.leaderIndex().orElseThrow())
                        .state()
                        .group(NAME)
                        .isPresent());
        awaitAlive(leader, 3);

        // First election: the asking broker becomes master; the others see it still exists.
        assertThat(first.electMaster(leader).code()).isZero();
        RemotingCommand again = brokers.get(1).electMaster(leader);
        assertThat(again.code()).isEqualTo(ControllerCodes.CONTROLLER_MASTER_STILL_EXIST);
        GetReplicaInfoResponseHeader info =
                GetReplicaInfoResponseHeader.decode(first.replicaInfo(leader).fields());
        assertThat(info.masterBrokerId()).isEqualTo(1L);
        assertThat(info.masterAddress()).isEqualTo(first.address());
        int epoch1 = info.masterEpoch();

        // The master widens its sync-state set; a second try with the old set epoch is fenced.
        brokers.get(2).maxOffset = 1_000;
        brokers.get(1).maxOffset = 500;
        RemotingCommand widened = first.alter(leader, epoch1, Set.of(1L, 2L, 3L), 1);
        assertThat(widened.code()).as(widened.remark()).isZero();
        assertThat(AlterSyncStateSetResponseHeader.decode(widened.fields()).newSyncStateSetEpoch())
                .isEqualTo(2);
        assertThat(first.alter(leader, epoch1, Set.of(1L, 2L), 1).code())
                .isEqualTo(ControllerCodes.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH);

        // The master goes silent: a new master from the set (highest offset: broker 3), epoch bumped.
        brokers.forEach(b -> b.notices.clear());
        long silentAt = System.nanoTime();
        first.stopHeartbeats();
        NotifyBrokerRoleChangedRequestHeader notice =
                brokers.get(1).notices.poll(HEARTBEAT_TIMEOUT_MS + 8_000, TimeUnit.MILLISECONDS);
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentAt);
        assertThat(notice).as("role-change notice").isNotNull();
        assertThat(notice.masterBrokerId()).isEqualTo(3L);
        assertThat(notice.masterEpoch()).isEqualTo(epoch1 + 1);
        assertThat(failoverMs).isBetween(HEARTBEAT_TIMEOUT_MS - 500, HEARTBEAT_TIMEOUT_MS + 5_000);
        System.out.printf(
                "failover after master silence: %d ms (heartbeat timeout %d ms)%n", failoverMs, HEARTBEAT_TIMEOUT_MS);

        // The deposed master cannot change the set any more.
        assertThat(first.alter(leader, epoch1, Set.of(1L), 2).code())
                .isEqualTo(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH);

        // Kill the Raft leader: the other two go on with the state intact.
        int leaderIndex = cluster.leaderIndex().orElseThrow();
        ReplicaGroup before = cluster.server(leaderIndex).state().group(NAME).orElseThrow();
        cluster.stop(leaderIndex);
        String newLeader = leaderAddress();
        assertThat(newLeader).isNotEqualTo(leader);
        GetReplicaInfoResponseHeader after =
                GetReplicaInfoResponseHeader.decode(first.replicaInfo(newLeader).fields());
        assertThat(after.masterBrokerId()).isEqualTo(3L);
        assertThat(after.masterEpoch()).isEqualTo(before.masterEpoch());
        assertThatThrownBy(() -> first.replicaInfo(leader))
                .as("the closed peer is gone")
                .isNotNull();

        // Writes while it is away (the new master re-widens its set) push the log past a snapshot.
        FakeBroker master = brokers.get(2);
        awaitAlive(newLeader, 2);
        int setEpoch = before.syncStateSetEpoch();
        for (Set<Long> set : List.of(Set.of(3L, 2L), Set.of(3L), Set.of(3L, 2L), Set.of(3L), Set.of(3L, 2L))) {
            RemotingCommand r = master.alter(newLeader, after.masterEpoch(), set, setEpoch);
            assertThat(r.code()).as(r.remark()).isZero();
            setEpoch = AlterSyncStateSetResponseHeader.decode(r.fields()).newSyncStateSetEpoch();
        }
        int nowLeader = cluster.leaderIndex().orElseThrow();
        long snapshotIndex = cluster.server(nowLeader).raft().takeSnapshot();
        assertThat(snapshotIndex).isPositive();

        // Restart the old leader on its data: it catches up to the same state.
        cluster.start(leaderIndex);
        ReplicaGroup expected = cluster.server(nowLeader).state().group(NAME).orElseThrow();
        ControllerCluster.await(
                Duration.ofSeconds(20),
                "the restarted peer to catch up",
                () -> cluster.server(leaderIndex)
                        .state()
                        .group(NAME)
                        .map(expected::equals)
                        .orElse(false));
        assertThat(cluster.server(leaderIndex).state().group(NAME).orElseThrow().syncStateSetEpoch())
                .isEqualTo(setEpoch);
        // the leader purged its log up to the snapshot, so the returning peer got the snapshot installed
        assertThat(cluster.server(leaderIndex).raft().latestSnapshotIndex()).isGreaterThanOrEqualTo(snapshotIndex);
    }

    @Test
    void aMasterWhoseHeartbeatConnectionClosesIsReplacedWithoutWaitingForTheTimeoutOrTheNextScan() throws Exception {
        long timeoutMs = 4_000;
        cluster = new ControllerCluster(1, dir, timeoutMs, 1_000);
        cluster.startAll();
        String leader = leaderAddress();
        long leadingSince = System.nanoTime(); // the scan (every 100 ms) finds it leading soon after
        for (int i = 0; i < 2; i++) {
            FakeBroker b = new FakeBroker(CLUSTER, NAME);
            brokers.add(b);
            assertThat(b.register(leader).code()).isZero();
            b.startHeartbeats(cluster::addresses, 200);
        }
        awaitAlive(leader, 2);
        FakeBroker master = brokers.get(0);
        assertThat(master.electMaster(leader).code()).isZero();
        assertThat(master.alter(leader, 1, Set.of(1L, 2L), 1).code()).isZero();
        brokers.get(1).notices.clear();
        // a new leader elects nobody during its first heartbeat timeout (its view of heartbeats may
        // be partial): let that grace end, a real-time rule of the planner
        long graceLeftMs = timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leadingSince);
        if (graceLeftMs > 0) {
            TimeUnit.MILLISECONDS.sleep(graceLeftMs + 1_000);
        }
        // from here the periodic scan does nothing: only the scan the lost connection starts can elect
        cluster.holdPeriodicScan(0, true);

        long closedAt = System.nanoTime();
        master.close(); // its heartbeat connection closes, as when the process dies
        NotifyBrokerRoleChangedRequestHeader notice = brokers.get(1).notices.poll(timeoutMs / 2, TimeUnit.MILLISECONDS);
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        assertThat(notice)
                .as(
                        "role-change notice within half the %d ms heartbeat timeout, with the periodic scan held",
                        timeoutMs)
                .isNotNull();
        assertThat(notice.masterBrokerId()).isEqualTo(2L);
        System.out.printf("failover after the master's connection closed: %d ms%n", failoverMs);
    }

    @Test
    void aLeaderCutOffFromItsPeersStopsAnsweringTheReplicaPollThatRenewsAMastersLease() throws Exception {
        cluster = new ControllerCluster(3, dir, HEARTBEAT_TIMEOUT_MS, 1_000);
        cluster.startAll();
        String leader = leaderAddress();
        FakeBroker b = new FakeBroker(CLUSTER, NAME);
        brokers.add(b);
        assertThat(b.register(leader).code()).isZero();
        b.startHeartbeats(cluster::addresses, 200);
        awaitAlive(leader, 1);
        assertThat(b.electMaster(leader).code()).isZero();
        assertThat(b.replicaInfo(leader).code()).isZero();

        // both followers go away: the old leader may believe it leads for a while, but it must not
        // confirm a master's lease once its own Raft lease (0.9 of the 1 s minimum election
        // timeout) has run out
        int leaderIndex = cluster.leaderIndex().orElseThrow();
        long cutAt = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            if (i != leaderIndex) {
                cluster.stop(i);
            }
        }
        // polled all through the 8 s after the cut: no poll may be answered 3 s or more after it
        long[] lastSuccessMs = {-1};
        Await.staysTrue(
                "no replica poll answered by the cut-off leader 3 s or more after the cut",
                Duration.ofSeconds(8).minusNanos(System.nanoTime() - cutAt),
                () -> {
                    RemotingCommand answer;
                    try {
                        answer = b.replicaInfo(leader);
                    } catch (Exception e) {
                        throw new AssertionError("the replica poll", e);
                    }
                    long sinceCutMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
                    if (answer.code() != 0) {
                        return true;
                    }
                    lastSuccessMs[0] = sinceCutMs;
                    return sinceCutMs < 3_000;
                });
        System.out.printf("last replica poll answered by the cut-off leader: %d ms after the cut%n", lastSuccessMs[0]);
        assertThat(lastSuccessMs[0]).as("ms after the cut").isLessThan(3_000);
    }

    @Test
    void theOfficialAdminReadsMetadataAndSyncStateAndElectsAChosenReplica() throws Exception {
        cluster = new ControllerCluster(3, dir, HEARTBEAT_TIMEOUT_MS, 1_000);
        cluster.startAll();
        String leader = leaderAddress();
        for (int i = 0; i < 2; i++) {
            FakeBroker b = new FakeBroker(CLUSTER, NAME);
            brokers.add(b);
            assertThat(b.register(leader).code()).isZero();
            b.startHeartbeats(cluster::addresses, 200);
        }
        awaitAlive(leader, 2);
        assertThat(brokers.get(0).electMaster(leader).code()).isZero();
        RegisterBrokerResponseHeader reg = RegisterBrokerResponseHeader.decode(
                brokers.get(1).reRegister(leader).fields());
        assertThat(reg.masterBrokerId()).isEqualTo(1L);
        assertThat(brokers.get(0).alter(leader, 1, Set.of(1L, 2L), 1).code()).isZero();

        String follower = cluster.addresses().stream()
                .filter(a -> !a.equals(leader))
                .findFirst()
                .orElseThrow();
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5_000);
        admin.setNamesrvAddr("127.0.0.1:9"); // never contacted by these calls
        admin.setInstanceName("admin-" + System.nanoTime());
        admin.start();
        try {
            GetMetaDataResponseHeader meta = metadataWithWarmup(admin, follower);
            assertThat(meta.getControllerLeaderAddress()).isEqualTo(leader);
            assertThat(meta.isLeader()).isFalse();
            assertThat(meta.getPeers()).contains("n0=", "n1=", "n2=");

            BrokerReplicasInfo sync = admin.getInSyncStateData(follower, List.of(NAME));
            BrokerReplicasInfo.ReplicasInfo group = sync.getReplicasInfoTable().get(NAME);
            assertThat(group.getMasterBrokerId()).isEqualTo(1L);
            assertThat(group.getMasterAddress()).isEqualTo(brokers.get(0).address());
            assertThat(group.getSyncStateSetEpoch()).isEqualTo(2);
            assertThat(group.getInSyncReplicas())
                    .extracting(r -> r.getBrokerId())
                    .containsExactlyInAnyOrder(1L, 2L);
            assertThat(group.getInSyncReplicas()).allMatch(r -> r.getAlive());

            var elected = admin.electMaster(follower, CLUSTER, NAME, 2L);
            assertThat(elected.getObject1().getMasterBrokerId()).isEqualTo(2L);
            assertThat(elected.getObject1().getMasterEpoch()).isEqualTo(2);
            assertThat(elected.getObject1().getMasterAddress())
                    .isEqualTo(brokers.get(1).address());
            NotifyBrokerRoleChangedRequestHeader notice;
            do {
                notice = brokers.get(0).notices.poll(5, TimeUnit.SECONDS);
            } while (notice != null && notice.masterEpoch() < 2);
            assertThat(notice).isNotNull();
            assertThat(notice.masterBrokerId()).isEqualTo(2L);
        } finally {
            admin.shutdown();
        }
    }

    /** The official admin's first call also opens its connection inside a fixed 3 s budget; on a loaded host retry that once or twice. */
    private static GetMetaDataResponseHeader metadataWithWarmup(DefaultMQAdminExt admin, String address)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.getControllerMetaData(address);
            } catch (org.apache.rocketmq.remoting.exception.RemotingTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void awaitAlive(String leader, int n) {
        ControllerCluster.await(Duration.ofSeconds(10), n + " live brokers", () -> {
            int i = cluster.leaderIndex().orElse(-1);
            return i >= 0 && cluster.server(i).liveCount(NAME) >= n;
        });
    }
}
