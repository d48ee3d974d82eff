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
 *       names must have reported an offset at or past the send's end. A slave is named by its
 *       replication connection as the master sees it ({@code host:port} of the slave's side of the
 *       HA connection, the same string {@code haStatus} shows). The rule is read again at every
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
    Set<String> requiredSlaves();
}
