package dev.skiff.broker.controller;

/**
 * What a broker does with what the controller says (pure rules, no I/O). Only a master epoch
 * larger than the one the broker acted on changes anything, so a late notice or a poll answered
 * by a lagging peer can never take a broker back to an older role. The first answer after start
 * is accepted at an epoch equal to the newest one in the broker's epoch file too (a broker that
 * restarts while still recorded as master); an epoch older than that file's is stale.
 */
public final class RoleDecision {
    /** What to do. */
    public enum Kind {
        /** Stale or no news: nothing changes. */
        IGNORE,
        /** This broker is the master at {@code epoch}. */
        BECOME_MASTER,
        /** This broker follows {@code masterAddress} at {@code epoch}. */
        BECOME_SLAVE,
        /** The group has no master at {@code epoch}: stop writing, ask for an election. */
        NO_MASTER
    }

    /** A decision; {@code info} is what it was made from. */
    public record Action(Kind kind, int epoch, ReplicaInfo info) {}

    private RoleDecision() {}

    /**
     * @param ownId this broker's controller id
     * @param actedEpoch the master epoch this broker last acted on; -1 before the first action
     * @param fileEpoch the newest epoch in the broker's epoch file (0 when empty)
     */
    public static Action decide(long ownId, int actedEpoch, int fileEpoch, ReplicaInfo info) {
        int epoch = info.masterEpoch();
        boolean first = actedEpoch < 0;
        if (first ? epoch < fileEpoch : epoch <= actedEpoch) {
            return new Action(Kind.IGNORE, epoch, info);
        }
        if (!info.hasMaster()) {
            return new Action(Kind.NO_MASTER, epoch, info);
        }
        if (info.masterBrokerId() == ownId) {
            return new Action(Kind.BECOME_MASTER, epoch, info);
        }
        return new Action(Kind.BECOME_SLAVE, epoch, info);
    }
}
