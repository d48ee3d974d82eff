package dev.skiff.controller.state;

import java.util.List;
import java.util.Set;

/**
 * A change to the controller's state: one Raft log entry. Anything that depends on the proposing
 * leader's view of the world (who is alive, with which offsets) is carried inside, so applying a
 * command is a pure function of the state and the command.
 */
public sealed interface Command {

    /** Claims {@code brokerId} for a new replica (the official APPLY_BROKER_ID). */
    record ApplyBrokerId(String cluster, String brokerName, long brokerId, String checkCode) implements Command {}

    /**
     * Records a replica's address (the official REGISTER_BROKER_TO_CONTROLLER). {@code checkCode}
     * is the code the id was applied with, when the broker sends it (Skiff brokers do; the
     * official ones do not, and are not checked): a registration with another broker's code is
     * refused, so two processes can never hold one id.
     */
    record RegisterBroker(String cluster, String brokerName, long brokerId, String address, String checkCode)
            implements Command {
        /** A registration without a check code (as the official broker sends it). */
        public RegisterBroker(String cluster, String brokerName, long brokerId, String address) {
            this(cluster, brokerName, brokerId, address, null);
        }
    }

    /** Who asked for an election. */
    enum Trigger {
        /** A broker that found no master. */
        BROKER,
        /** An operator, possibly naming the replica to promote. */
        ADMIN,
        /** The leader's scan, after the master's heartbeats stopped. */
        CONTROLLER
    }

    /**
     * Elects a master. {@code designated} is the replica an operator asks for, or -1; {@code alive}
     * lists the replicas alive at proposal time.
     */
    record ElectMaster(String brokerName, long designated, Trigger trigger, List<Candidate> alive, boolean allowUnclean)
            implements Command {
        public ElectMaster {
            alive = List.copyOf(alive);
        }
    }

    /**
     * A master's compare-and-set of its group's sync-state set: applies only while {@code
     * masterId}, {@code masterEpoch} and {@code syncStateSetEpoch} are all current.
     */
    record AlterSyncStateSet(
            String brokerName,
            long masterId,
            int masterEpoch,
            int syncStateSetEpoch,
            Set<Long> newSyncStateSet,
            Set<Long> aliveIds)
            implements Command {
        public AlterSyncStateSet {
            newSyncStateSet = Set.copyOf(newSyncStateSet);
            aliveIds = Set.copyOf(aliveIds);
        }
    }

    /** Forgets replicas ({@code ids} empty: the whole group). */
    record CleanBrokerData(String brokerName, Set<Long> ids, boolean cleanLiving, Set<Long> aliveIds)
            implements Command {
        public CleanBrokerData {
            ids = Set.copyOf(ids);
            aliveIds = Set.copyOf(aliveIds);
        }
    }

    /** A controller peer's remoting address, announced when it becomes the Raft leader. */
    record AnnouncePeer(String peerId, String address) implements Command {}
}
