package dev.skiff.broker.pull;

import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;

/**
 * Which broker of its group a consumer should pull a queue from next: the {@code
 * suggestWhichBrokerId} of every pull answer (0 = the master, 1.. = a slave). The official client
 * takes it for the queue's next pull, and falls back to any broker of the group the route still
 * lists when the suggested one is gone. Asked once per pull, on the pulling thread (often a Netty
 * I/O thread): it must not block.
 */
@FunctionalInterface
public interface PullRoute {
    /** The id of a group's master. */
    long MASTER_ID = 0;

    /** Every pull stays on (or goes back to) the master. */
    PullRoute MASTER_ONLY = (group, lastReadPhysicalOffset) -> MASTER_ID;

    /**
     * @param group the pulling group's config ({@code brokerId}, {@code whichBrokerWhenConsumeSlowly})
     * @param lastReadPhysicalOffset commit-log offset of the last record this pull read; -1 when it
     *     read none
     * @return the broker id to suggest
     */
    long suggest(SubscriptionGroupConfig group, long lastReadPhysicalOffset);
}
