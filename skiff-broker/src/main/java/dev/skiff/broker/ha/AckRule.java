package dev.skiff.broker.ha;

import java.util.Set;

/**
 * Which slaves a SYNC_MASTER's send must reach before it is acknowledged, an input of the {@link
 * SyncReplicator}.
 *
 * <ul>
 *   <li>{@link #COUNT} (the default): any slaves count, as many as {@link
 *       SyncReplicator#slaveAcksNeeded} asks ({@code inSyncReplicas}, {@code minInSyncReplicas}).
 *   <li>A named set ({@code allAckInSyncStateSet=true} in controller mode): EVERY slave the rule
 *       names must have reported an offset at or past the send's end. A {@link Member} is matched
 *       to a replication connection by the broker id the slave said in its hello (see {@link
 *       TransferFrame}); a connection without a hello is matched by its address as the master
 *       sees it ({@code host:port} of the slave's side, the string {@code haStatus} shows), which
 *       fails behind address translation. The rule is read again at every
 *       check, so a member leaving or joining the set applies to waiting sends too. An empty set
 *       (the master alone in the in-sync set, e.g. right after an election) falls back to the count
 *       rule: a SYNC_MASTER still waits for one slave.
 * </ul>
 */
@FunctionalInterface
public interface AckRule {
    /** Any slaves, counted. */
    AckRule COUNT = () -> null;

    /** The slaves that must all acknowledge; null or empty: the count rule. */
    Set<Member> requiredSlaves();

    /**
     * One slave that must acknowledge.
     *
     * @param brokerId its controller broker id
     * @param haClientAddr its side of its HA connection as it reported it, null when unknown (only
     *     used for a connection that sent no hello)
     */
    record Member(long brokerId, String haClientAddr) {
        /** Whether {@code link} is this member's connection. */
        boolean matches(SlaveLink link) {
            long said = link.brokerId;
            return said >= 0 ? said == brokerId : haClientAddr != null && haClientAddr.equals(link.address);
        }
    }
}
