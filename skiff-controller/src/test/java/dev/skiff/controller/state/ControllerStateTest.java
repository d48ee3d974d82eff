package dev.skiff.controller.state;

import static dev.skiff.remoting.protocol.controller.ControllerCodes.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerStateTest {
    private static final String B = "broker-a";
    private ControllerState state;

    @BeforeEach
    void threeReplicas() {
        state = new ControllerState();
        for (long id = 1; id <= 3; id++) {
            assertThat(state.apply(new Command.ApplyBrokerId("c", B, id, "code" + id))
                            .code())
                    .isZero();
            assertThat(state.apply(new Command.RegisterBroker("c", B, id, "h:" + id))
                            .code())
                    .isZero();
        }
    }

    private static Candidate alive(long id, int epoch, long offset) {
        return new Candidate(id, epoch, offset, 0);
    }

    private Outcome elect(List<Candidate> alive, boolean unclean) {
        return state.apply(new Command.ElectMaster(B, -1, Command.Trigger.CONTROLLER, alive, unclean));
    }

    private ReplicaGroup group() {
        return state.group(B).orElseThrow();
    }

    @Test
    void brokerIdsAreHandedOutInOrderAndARetryWithTheSameCodeIsAccepted() {
        assertThat(state.nextBrokerId(B)).isEqualTo(4);
        assertThat(state.nextBrokerId("other")).isEqualTo(1);
        assertThat(state.apply(new Command.ApplyBrokerId("c", B, 2, "code2")).code())
                .isZero();
        assertThat(state.apply(new Command.ApplyBrokerId("c", B, 2, "someone-else"))
                        .code())
                .isEqualTo(CONTROLLER_BROKER_ID_INVALID);
        assertThat(state.apply(new Command.ApplyBrokerId("c", B, 9, "x")).code())
                .isEqualTo(CONTROLLER_BROKER_ID_INVALID);
        assertThat(group().replicas()).containsEntry(3L, "h:3");
    }

    @Test
    void theFirstElectionTakesAnyAliveReplicaThenElectionsStayInTheSyncStateSet() {
        Outcome first = elect(List.of(alive(2, 0, 10), alive(3, 0, 5)), false);
        assertThat(first.code()).isZero();
        assertThat(first.masterChanged()).isTrue();
        assertThat(group().masterId()).isEqualTo(2);
        assertThat(group().masterEpoch()).isEqualTo(1);
        assertThat(group().syncStateSet()).containsExactly(2L);

        // master alive: nothing changes
        assertThat(elect(List.of(alive(2, 1, 10), alive(3, 1, 50)), false).code())
                .isEqualTo(CONTROLLER_MASTER_STILL_EXIST);

        // master 2 dead; 3 is alive but not in sync: no clean candidate, the master is cleared
        Outcome none = elect(List.of(alive(3, 1, 50)), false);
        assertThat(none.code()).isEqualTo(CONTROLLER_ELECT_MASTER_FAILED);
        assertThat(group().hasMaster()).isFalse();
        assertThat(group().masterEpoch()).isEqualTo(2);
        assertThat(group().syncStateSet()).containsExactly(2L);

        // 2 comes back: it is in the set and becomes master again with a new epoch
        assertThat(elect(List.of(alive(2, 1, 10), alive(3, 1, 50)), false).code())
                .isZero();
        assertThat(group().masterId()).isEqualTo(2);
        assertThat(group().masterEpoch()).isEqualTo(3);
    }

    @Test
    void uncleanElectionPicksAnOutOfSyncReplicaOnlyWhenAllowed() {
        elect(List.of(alive(1, 0, 0)), false);
        assertThat(elect(List.of(alive(3, 1, 50)), false).code()).isEqualTo(CONTROLLER_ELECT_MASTER_FAILED);
        Outcome unclean = elect(List.of(alive(3, 1, 50), alive(2, 1, 60)), true);
        assertThat(unclean.code()).isZero();
        assertThat(group().masterId()).isEqualTo(2); // highest offset among the alive
        assertThat(group().syncStateSet()).containsExactly(2L);
    }

    @Test
    void theBestInSyncReplicaWinsByEpochThenOffsetThenId() {
        elect(List.of(alive(1, 0, 0)), false);
        ReplicaGroup g = group();
        assertThat(state.apply(new Command.AlterSyncStateSet(
                                B, 1, g.masterEpoch(), g.syncStateSetEpoch(), Set.of(1L, 2L, 3L), Set.of(2L, 3L)))
                        .code())
                .isZero();
        assertThat(elect(List.of(alive(2, 1, 100), alive(3, 1, 100)), false).code())
                .isZero();
        assertThat(group().masterId()).isEqualTo(2); // tie on offset: lowest id
        g = group();
        state.apply(new Command.AlterSyncStateSet(
                B, 2, g.masterEpoch(), g.syncStateSetEpoch(), Set.of(1L, 2L, 3L), Set.of(1L, 3L)));
        assertThat(elect(List.of(alive(1, 1, 900), alive(3, 2, 120)), false).code())
                .isZero();
        assertThat(group().masterId()).isEqualTo(3); // a newer epoch beats a longer old log
    }

    @Test
    void alteringTheSyncStateSetIsACompareAndSetOnMasterAndEpochs() {
        elect(List.of(alive(1, 0, 0)), false);
        ReplicaGroup g = group();
        int me = g.masterEpoch();
        int se = g.syncStateSetEpoch();
        Set<Long> alive = Set.of(2L, 3L);
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me, se, Set.of(1L, 2L), alive))
                        .code())
                .isZero();
        assertThat(group().syncStateSetEpoch()).isEqualTo(se + 1);
        // the same request again carries a stale set epoch
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me, se, Set.of(1L, 2L, 3L), alive))
                        .code())
                .isEqualTo(CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH);
        // a stale master epoch (a deposed master)
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me - 1, se + 1, Set.of(1L), alive))
                        .code())
                .isEqualTo(CONTROLLER_FENCED_MASTER_EPOCH);
        // not the master
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 2, me, se + 1, Set.of(1L, 2L), alive))
                        .code())
                .isEqualTo(CONTROLLER_INVALID_MASTER);
        // a set without the master, a dead member, an unknown member
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me, se + 1, Set.of(2L), alive))
                        .code())
                .isEqualTo(CONTROLLER_INVALID_REPLICAS);
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me, se + 1, Set.of(1L, 3L), Set.of(2L)))
                        .code())
                .isEqualTo(CONTROLLER_INVALID_REPLICAS);
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me, se + 1, Set.of(1L, 7L), Set.of(7L)))
                        .code())
                .isEqualTo(CONTROLLER_INVALID_REPLICAS);
        assertThat(group().syncStateSet()).containsExactly(1L, 2L);
        // after a failover the old master is fenced
        assertThat(elect(List.of(alive(2, 1, 5)), false).code()).isZero();
        assertThat(state.apply(new Command.AlterSyncStateSet(B, 1, me, se + 1, Set.of(1L, 2L), alive))
                        .code())
                .isEqualTo(CONTROLLER_FENCED_MASTER_EPOCH);
    }

    @Test
    void anOperatorCanElectAChosenInSyncReplicaButNotADeadOrOutOfSyncOne() {
        elect(List.of(alive(1, 0, 0)), false);
        ReplicaGroup g = group();
        state.apply(new Command.AlterSyncStateSet(
                B, 1, g.masterEpoch(), g.syncStateSetEpoch(), Set.of(1L, 2L), Set.of(2L)));
        List<Candidate> all = List.of(alive(1, 1, 0), alive(2, 1, 0), alive(3, 1, 0));
        assertThat(state.apply(new Command.ElectMaster(B, 3, Command.Trigger.ADMIN, all, false))
                        .code())
                .isEqualTo(CONTROLLER_ELECT_MASTER_FAILED);
        assertThat(state.apply(new Command.ElectMaster(B, 2, Command.Trigger.ADMIN, List.of(alive(1, 1, 0)), false))
                        .code())
                .isEqualTo(CONTROLLER_BROKER_NOT_ALIVE);
        assertThat(state.apply(new Command.ElectMaster(B, 2, Command.Trigger.ADMIN, all, false))
                        .code())
                .isZero();
        assertThat(group().masterId()).isEqualTo(2);
    }

    @Test
    void cleaningRemovesDeadReplicasAndRefusesLiveOnesUnlessAsked() {
        elect(List.of(alive(1, 0, 0)), false);
        assertThat(state.apply(new Command.CleanBrokerData(B, Set.of(3L), false, Set.of(1L, 3L)))
                        .code())
                .isEqualTo(CONTROLLER_INVALID_CLEAN_BROKER_METADATA);
        assertThat(state.apply(new Command.CleanBrokerData(B, Set.of(3L), false, Set.of(1L)))
                        .code())
                .isZero();
        assertThat(group().replicas()).containsOnlyKeys(1L, 2L);
        Outcome master = state.apply(new Command.CleanBrokerData(B, Set.of(1L), true, Set.of(1L)));
        assertThat(master.masterChanged()).isTrue();
        assertThat(group().hasMaster()).isFalse();
        assertThat(state.apply(new Command.CleanBrokerData(B, Set.of(), true, Set.of()))
                        .code())
                .isZero();
        assertThat(state.group(B)).isEmpty();
    }

    @Test
    void aRegistrationNeedsAnAppliedIdAndTheCodeItWasAppliedWith() {
        assertThat(state.apply(new Command.RegisterBroker("c", B, 9, "h:9")).code())
                .as("never applied")
                .isEqualTo(ControllerCodes.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED);
        assertThat(state.apply(new Command.RegisterBroker("c", "other", 1, "h:1"))
                        .code())
                .as("no such group")
                .isEqualTo(ControllerCodes.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED);
        assertThat(state.apply(new Command.RegisterBroker("c", B, 2, "h:x", "code1"))
                        .code())
                .as("another broker's id")
                .isEqualTo(ControllerCodes.CONTROLLER_BROKER_ID_INVALID);
        assertThat(state.group(B).orElseThrow().replicas().get(2L)).isEqualTo("h:2");
        assertThat(state.apply(new Command.RegisterBroker("c", B, 2, "h:2b", "code2"))
                        .code())
                .as("its own id, from a new address")
                .isZero();
        assertThat(state.apply(new Command.RegisterBroker("c", B, 3, "h:3b")).code())
                .as("no code sent (the official broker): not checked")
                .isZero();
        assertThat(state.group(B).orElseThrow().replicas())
                .containsEntry(2L, "h:2b")
                .containsEntry(3L, "h:3b");
    }

    @Test
    void commandsOutcomesAndSnapshotsRoundTripThroughTheCodec() {
        elect(List.of(alive(1, 0, 0)), false);
        List<Command> commands = List.of(
                new Command.ApplyBrokerId("c", B, 4, "k"),
                new Command.RegisterBroker("c", B, 4, "h:4"),
                new Command.RegisterBroker("c", B, 4, "h:4", "k"),
                new Command.ElectMaster(B, 2, Command.Trigger.ADMIN, List.of(new Candidate(2, 1, 7, 3)), true),
                new Command.AlterSyncStateSet(B, 1, 1, 1, Set.of(1L, 2L), Set.of(2L)),
                new Command.CleanBrokerData(B, Set.of(3L), true, Set.of()),
                new Command.AnnouncePeer("n0", "127.0.0.1:9"));
        for (Command c : commands) {
            assertThat(StateCodec.decodeCommand(StateCodec.encode(c))).isEqualTo(c);
        }
        Outcome o = new Outcome(2011, "the master is alive", group(), true);
        assertThat(StateCodec.decodeOutcome(StateCodec.encode(o))).isEqualTo(o);
        state.apply(new Command.AnnouncePeer("n1", "h:1"));
        ControllerState copy = new ControllerState();
        StateCodec.loadSnapshot(StateCodec.encodeSnapshot(state.groups(), state.peerAddresses()), copy);
        assertThat(copy.groups()).isEqualTo(state.groups());
        assertThat(copy.peerAddresses()).containsEntry("n1", "h:1");
    }

    @Test
    void malformedCommandsAreRefusedWithAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StateCodec.decodeCommand("{\"v\":1,\"type\":\"nope\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StateCodec.decodeCommand("[1]".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
