package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.concurrent.ManualScheduler;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's decisions under a manual scheduler, against an in-memory controller. */
class ControllerAgentTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_000_000);
    private ManualScheduler scheduler;
    private MemoryController controller;
    private RecordingListener listener;
    private long maxOffset = 4_096;

    @BeforeEach
    void setUp() {
        scheduler = new ManualScheduler(clock);
        controller = new MemoryController();
        listener = new RecordingListener();
    }

    private ControllerAgent agent(String own) throws IOException {
        return agent(
                own, new ControllerAgent.Settings(List.of("c1:9878", "c2:9878", "c3:9878"), own, 1_000, 3_000, 500));
    }

    private ControllerAgent agent(String own, ControllerAgent.Settings settings) throws IOException {
        return new ControllerAgent(
                settings,
                controller,
                scheduler,
                new BrokerIdFile(dir.resolve(own.replace(':', '_')).resolve("controllerBrokerId")),
                EpochFile.open(dir.resolve(own.replace(':', '_')).resolve("epochs")),
                listener,
                () -> maxOffset);
    }

    @Test
    void firstBrokerClaimsAnIdRegistersIsElectedAndRecordsItsEpochFirst() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        assertThat(a.brokerId()).isEqualTo(1);
        assertThat(a.isMaster()).isTrue();
        assertThat(listener.calls).containsExactly("master 1");
        assertThat(listener.epochAtCall).containsExactly(List.of(new EpochEntry(1, 4_096)));
        assertThat(new BrokerIdFile(dir.resolve("h_1/controllerBrokerId"))
                        .read()
                        .brokerId())
                .isEqualTo(1);
        // heartbeats reach every peer though one of them fails
        controller.downPeers.add("c2:9878");
        scheduler.advanceMs(1_000);
        assertThat(controller.heartbeatsTo).contains("c1:9878", "c3:9878");
        assertThat(controller.lastHeartbeatEpoch).isEqualTo(1);
        a.close();
    }

    @Test
    void restartedBrokerReusesItsIdAndFollowsTheMasterNamed() throws IOException {
        ControllerAgent first = agent("h:1");
        first.start();
        scheduler.advanceMs(1);
        first.close();
        ControllerAgent second = agent("h:2");
        second.start();
        scheduler.advanceMs(1);
        assertThat(second.brokerId()).isEqualTo(2);
        assertThat(listener.calls).containsExactly("master 1", "slave h:1 1");
        second.close();
        int applied = controller.applies;
        ControllerAgent again = agent("h:2");
        again.start();
        scheduler.advanceMs(1);
        assertThat(again.brokerId()).isEqualTo(2);
        assertThat(controller.applies).isEqualTo(applied + 1); // the stored claim confirmed once
        assertThat(controller.addrs).hasSize(2); // and no new id claimed
        again.close();
    }

    @Test
    void aClaimWhoseAnswerWasLostIsConfirmedBeforeUseAndAnIdTakenMeanwhileIsNeverUsed() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        assertThat(a.brokerId()).isEqualTo(1);
        // b asked for the next id before a's claim landed, and the refusal of its claim is lost
        controller.staleNext = 1;
        controller.loseApplyAnswer = true;
        ControllerAgent b = agent("h:2");
        b.start();
        scheduler.advanceMs(1);
        assertThat(b.brokerId()).as("no id until a claim is answered").isEqualTo(-1);
        scheduler.advanceMs(500);
        assertThat(b.brokerId()).isEqualTo(2);
        assertThat(listener.calls).containsExactly("master 1", "slave h:1 1");
        // a claim that the controller did take, with its answer lost, is kept on the next round
        controller.loseApplyAnswer = true;
        ControllerAgent c = agent("h:3");
        c.start();
        scheduler.advanceMs(1);
        assertThat(c.brokerId()).isEqualTo(-1);
        scheduler.advanceMs(500);
        assertThat(c.brokerId()).isEqualTo(3);
        assertThat(controller.addrs).containsExactly("h:1", "h:2", "h:3");
        a.close();
        b.close();
        c.close();
    }

    @Test
    void aRegistrationRefusedForAnotherBrokersIdDropsTheClaim() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        // a claim file naming a's id with another code (as if copied from a's disk)
        BrokerIdFile copied = new BrokerIdFile(dir.resolve("h_2/controllerBrokerId"));
        copied.write(new BrokerIdFile.Claim(1, "h:2;1"));
        controller.acceptAnyReapply = true; // a controller that does not check a repeated claim
        ControllerAgent b = agent("h:2");
        b.start();
        scheduler.advanceMs(1);
        assertThat(b.brokerId()).as("the refused id is dropped").isEqualTo(-1);
        assertThat(copied.read()).isNull();
        controller.acceptAnyReapply = false;
        scheduler.advanceMs(500);
        assertThat(b.brokerId()).isEqualTo(2);
        assertThat(listener.calls).containsExactly("master 1", "slave h:1 1");
        a.close();
        b.close();
    }

    @Test
    void aMasterRestartedBeforeItWasReplacedGoesOnAtTheSameEpoch() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        a.close();
        maxOffset = 8_000; // it wrote more at epoch 1 before the restart
        ControllerAgent again = agent("h:1");
        again.start();
        scheduler.advanceMs(1);
        assertThat(again.isMaster()).isTrue();
        assertThat(again.epoch()).isEqualTo(1);
        assertThat(listener.calls).containsExactly("master 1", "master 1");
        assertThat(EpochFile.open(dir.resolve("h_1/epochs")).entries()).containsExactly(new EpochEntry(1, 4_096));
        again.close();
    }

    @Test
    void staleOrEqualEpochsAreIgnoredAndOnlyALargerEpochSwitches() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        a.onRoleNotice(new ReplicaInfo(2L, "h:2", 1, Set.of(2L), 2)); // same epoch, other master
        a.onRoleNotice(new ReplicaInfo(2L, "h:2", 0, Set.of(2L), 2)); // older epoch
        assertThat(listener.calls).containsExactly("master 1");
        assertThat(a.isMaster()).isTrue();
        a.onRoleNotice(new ReplicaInfo(2L, "h:2", 2, Set.of(2L), 3));
        assertThat(listener.calls).containsExactly("master 1", "slave h:2 2");
        // the poll answering from a lagging view (epoch 1) changes nothing
        controller.masterId = 1L;
        controller.masterAddr = "h:1";
        controller.epoch = 1;
        scheduler.advanceMs(2_000);
        assertThat(listener.calls).containsExactly("master 1", "slave h:2 2");
        // the poll carries the next election (epoch 3 names this broker again)
        controller.epoch = 3;
        maxOffset = 9_000;
        scheduler.advanceMs(500);
        assertThat(listener.calls).containsExactly("master 1", "slave h:2 2", "master 3");
        assertThat(listener.epochAtCall.get(1)).containsExactly(new EpochEntry(1, 4_096), new EpochEntry(3, 9_000));
        a.close();
    }

    @Test
    void aMasterThatLosesTheControllerIsFencedAndResumesWhenStillMaster() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        controller.unreachable = true;
        scheduler.advanceMs(3_000);
        assertThat(a.isFenced()).isFalse(); // exactly the lease: not yet
        scheduler.advanceMs(1_000);
        assertThat(a.isFenced()).isTrue();
        assertThat(listener.calls).endsWith("fenced");
        controller.unreachable = false;
        scheduler.advanceMs(500);
        assertThat(a.isFenced()).isFalse();
        assertThat(listener.calls).endsWith("fenced", "unfenced");
        a.close();
    }

    @Test
    void theLeaseRunsOutWhileAControllerCallHangsAndTheMasterIsFencedWithoutWaitingForTheCall() throws Exception {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        assertThat(a.isMaster()).isTrue();
        CountDownLatch release = new CountDownLatch(1);
        controller.entered = new CountDownLatch(1);
        controller.hang = release;
        Thread poll = new Thread(a::syncOnce, "hanging-poll");
        poll.start();
        assertThat(controller.entered.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advanceMs(3_001); // the lease passes while the call hangs
        CompletableFuture<Void> check = CompletableFuture.runAsync(a::checkLease);
        check.get(5, TimeUnit.SECONDS); // before the fix: blocked behind the hanging call
        assertThat(a.isFenced()).isTrue();
        assertThat(listener.calls).endsWith("fenced");

        // the answer that finally comes names it master still, but its lease began when the call
        // was sent, so a late answer does not unfence it
        release.countDown();
        poll.join(5_000);
        assertThat(poll.isAlive()).isFalse();
        assertThat(a.isFenced()).isTrue();
        // a prompt answer does
        scheduler.advanceMs(500);
        assertThat(a.isFenced()).isFalse();
        assertThat(listener.calls).endsWith("fenced", "unfenced");
        a.close();
    }

    @Test
    void theLeaseIsTheTimeoutLessTheMarginAndEveryRoundStartsWithAHeartbeatToTheLeader() throws IOException {
        LeaseTiming timing = LeaseTiming.of(3_000, 1_000);
        ControllerAgent a = agent(
                "h:1",
                new ControllerAgent.Settings(
                        List.of("c1:9878", "c2:9878", "c3:9878"),
                        "h:1",
                        1_000,
                        timing.leaseMs(),
                        500,
                        timing.heartbeatTimeoutMs()));
        a.start();
        scheduler.advanceMs(1);
        assertThat(a.isMaster()).isTrue();
        // the round's own heartbeat went to the leader before the periodic ones to every peer
        assertThat(controller.heartbeatsTo).startsWith("c1:9878");
        assertThat(controller.lastHeartbeatTimeoutMs)
                .as("the controller is told the whole timeout")
                .isEqualTo(3_000);
        int before = controller.heartbeatsTo.size();
        int polls = controller.polls;
        scheduler.advanceMs(500); // one poll, no periodic heartbeat due
        assertThat(controller.polls).isEqualTo(polls + 1);
        assertThat(controller.heartbeatsTo.subList(before, controller.heartbeatsTo.size()))
                .containsExactly("c1:9878");

        controller.unreachable = true;
        scheduler.advanceMs(2_100); // the lease (2 s, checked every 200 ms) runs out a margin before the timeout
        assertThat(a.isFenced()).isTrue();
        assertThat(a.writeLeaseHeld()).isFalse();
        a.close();
    }

    /** A master paused past its lease (a long GC) refuses the first write after it wakes, before any duty runs. */
    @Test
    void aMasterWokenFromAPausePastItsLeaseRefusesWritesBeforeItsLeaseDutyRuns() throws IOException {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        assertThat(a.writeLeaseHeld()).isTrue();
        clock.advanceMs(2_999); // the clock moves, no duty runs: the process was paused
        assertThat(a.writeLeaseHeld()).isTrue();
        clock.advanceMs(2);
        assertThat(a.isFenced()).as("the lease duty has not run yet").isFalse();
        assertThat(a.writeLeaseHeld()).as("but the write path reads the clock").isFalse();
        scheduler.advanceMs(0); // the overdue poll renews the lease: the controller still names it master
        assertThat(a.writeLeaseHeld()).isTrue();
        a.close();
    }

    @Test
    void leaseTimingKeepsAMarginOfAtLeastAQuarterAndNeverANegativeLease() {
        assertThat(LeaseTiming.of(3_000, 1_000).leaseMs()).isEqualTo(2_000);
        assertThat(LeaseTiming.of(10_000, 1_000).leaseMs()).isEqualTo(7_500); // a quarter is more than 1 s
        assertThat(LeaseTiming.of(10_000, 4_000).marginMs()).isEqualTo(4_000);
        assertThat(LeaseTiming.of(1_000, 1_000).leaseMs()).isEqualTo(250); // margin >= timeout: a quarter
        assertThat(LeaseTiming.of(3_000, 1_000).pollMs(5_000)).isEqualTo(666);
        assertThat(LeaseTiming.of(3_000, 1_000).pollMs(300)).isEqualTo(300);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LeaseTiming.of(3_000, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFencedAnswerToASetChangeStopsWrites() throws Exception {
        ControllerAgent a = agent("h:1");
        a.start();
        scheduler.advanceMs(1);
        assertThat(a.proposeSyncStateSet(Set.of(1L, 2L), 1)).isEqualTo(2);
        controller.epoch = 5; // someone else was elected meanwhile
        try {
            a.proposeSyncStateSet(Set.of(1L), 2);
        } catch (ControllerException e) {
            assertThat(e.code()).isEqualTo(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH);
        }
        assertThat(a.isFenced()).isTrue();
        a.close();
    }

    /** Records what the agent told the broker, and the epoch file at each call. */
    private final class RecordingListener implements RoleListener {
        final List<String> calls = new ArrayList<>();
        final List<List<EpochEntry>> epochAtCall = new ArrayList<>();

        @Override
        public void becomeMaster(int epoch) throws IOException {
            calls.add("master " + epoch);
            String own = controller.addrOf(controller.masterId);
            epochAtCall.add(EpochFile.open(dir.resolve(own.replace(':', '_')).resolve("epochs"))
                    .entries());
        }

        @Override
        public void becomeSlave(String masterAddress, long masterBrokerId, int epoch) {
            calls.add("slave " + masterAddress + " " + epoch);
        }

        @Override
        public void fenced(boolean fenced) {
            calls.add(fenced ? "fenced" : "unfenced");
        }
    }

    /** One group's controller state, in memory; the first registered broker is elected. */
    private static final class MemoryController implements ControllerLink {
        final Set<String> downPeers = new HashSet<>();
        final List<String> heartbeatsTo = new ArrayList<>();
        final List<String> addrs = new ArrayList<>();
        final java.util.Map<Long, String> codes = new java.util.HashMap<>();
        long staleNext = -1;
        boolean loseApplyAnswer;
        boolean acceptAnyReapply;
        int lastHeartbeatEpoch = -1;
        long lastHeartbeatTimeoutMs = -1;
        int polls;
        int applies;
        boolean unreachable;
        volatile CountDownLatch entered;
        volatile CountDownLatch hang;
        Long masterId;
        String masterAddr;
        int epoch;
        int setEpoch;

        String addrOf(Long id) {
            return addrs.get((int) (id - 1));
        }

        private void reach() throws ControllerException {
            if (unreachable) {
                throw new ControllerException("unreachable", new IOException("no route"));
            }
        }

        @Override
        public String leaderAddress(String anyPeer) throws ControllerException {
            reach();
            return "c1:9878";
        }

        @Override
        public long nextBrokerId(String leader) throws ControllerException {
            reach();
            if (staleNext > 0) {
                long n = staleNext;
                staleNext = -1;
                return n;
            }
            return addrs.size() + 1;
        }

        @Override
        public boolean applyBrokerId(String leader, long id, String checkCode) throws ControllerException {
            reach();
            applies++;
            String held = codes.get(id);
            boolean ok;
            if (held == null && id == addrs.size() + 1) {
                codes.put(id, checkCode);
                addrs.add(checkCode.substring(0, checkCode.indexOf(';')));
                ok = true;
            } else {
                ok = checkCode.equals(held) || held != null && acceptAnyReapply;
            }
            if (loseApplyAnswer) {
                loseApplyAnswer = false;
                throw new ControllerException("test: answer lost", new IOException("timeout"));
            }
            return ok;
        }

        @Override
        public ReplicaInfo register(String leader, long id, String ownAddress, String checkCode)
                throws ControllerException {
            reach();
            if (!java.util.Objects.equals(codes.get(id), checkCode)) {
                throw new ControllerException(ControllerCodes.CONTROLLER_BROKER_ID_INVALID, "held by another broker");
            }
            return replicaInfo(leader);
        }

        @Override
        public ReplicaInfo electMaster(String leader, long id) throws ControllerException {
            reach();
            if (masterId == null) {
                masterId = id;
                masterAddr = addrOf(id);
                epoch++;
                setEpoch++;
            }
            return replicaInfo(leader);
        }

        @Override
        public ReplicaInfo replicaInfo(String leader) throws ControllerException {
            reach();
            polls++;
            CountDownLatch h = hang;
            if (h != null) {
                hang = null;
                entered.countDown();
                try {
                    if (!h.await(10, TimeUnit.SECONDS)) {
                        throw new ControllerException("test: hang not released", new IOException("timeout"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ControllerException("interrupted", new IOException(e));
                }
            }
            return new ReplicaInfo(
                    masterId, masterAddr, epoch, masterId == null ? Set.of() : Set.of(masterId), setEpoch);
        }

        @Override
        public List<Replica> replicas(String leader) {
            return List.of();
        }

        @Override
        public void heartbeat(String peer, long id, int epoch, long maxOffset, long confirmOffset, long timeoutMs)
                throws ControllerException {
            if (downPeers.contains(peer)) {
                throw new ControllerException("down", new IOException(peer));
            }
            heartbeatsTo.add(peer);
            lastHeartbeatEpoch = epoch;
            lastHeartbeatTimeoutMs = timeoutMs;
        }

        @Override
        public int alterSyncStateSet(String leader, long id, int masterEpoch, Set<Long> set, int held)
                throws ControllerException {
            reach();
            if (masterEpoch != epoch) {
                throw new ControllerException(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH, "fenced");
            }
            return ++setEpoch;
        }
    }
}
