package dev.skiff.broker.replica;

import java.util.List;

/**
 * What a broker knows about replication in its group, for operators ({@code mqadmin haStatus},
 * runtime info), implemented over the live log shipping by {@link ShippingReplicationView}. Read
 * on admin threads: an implementation answers from published state, without blocking.
 */
public interface ReplicationView {

    /** Whether this broker is its group's master. */
    boolean master();

    /** The end of the local commit log (bytes). */
    long commitLogMaxOffset();

    /** On a master: the slaves connected to it; empty on a slave. */
    List<SlaveLink> slaves();

    /** On a slave: its link to the master; null on a master. */
    MasterLink masterLink();

    /** How many of {@link #slaves()} are in sync. */
    default int inSyncSlaves() {
        int n = 0;
        for (SlaveLink s : slaves()) {
            n += s.inSync() ? 1 : 0;
        }
        return n;
    }

    /**
     * One slave as its master sees it.
     *
     * @param address the slave's address as connected, {@code host:port}
     * @param ackOffset the commit-log offset the slave confirmed it holds
     * @param inSync whether the slave counts as in sync
     * @param bytesPerSecond bytes shipped to it over the last second
     * @param transferFromWhere the offset shipping to it started from
     */
    record SlaveLink(String address, long ackOffset, boolean inSync, long bytesPerSecond, long transferFromWhere) {}

    /**
     * A slave's link to its master.
     *
     * @param masterAddress the master's address, null when unknown
     * @param maxOffset the end of the slave's commit log
     * @param bytesPerSecond bytes received over the last second
     * @param lastReadMs when the slave last received data, 0 = never
     * @param lastWriteMs when the slave last reported its offset, 0 = never
     * @param masterFlushOffset the master's flushed offset as last told, 0 = unknown
     * @param activated whether the link is connected
     */
    record MasterLink(
            String masterAddress,
            long maxOffset,
            long bytesPerSecond,
            long lastReadMs,
            long lastWriteMs,
            long masterFlushOffset,
            boolean activated) {}
}
