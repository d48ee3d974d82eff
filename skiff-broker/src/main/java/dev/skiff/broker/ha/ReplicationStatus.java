package dev.skiff.broker.ha;

/**
 * One slave as its master sees it, read-only (for {@code mqadmin haStatus} and tools).
 *
 * @param slaveAddress the slave's replication connection, {@code host:port}
 * @param ackedOffset the commit-log offset the slave last reported (-1 before its first report)
 * @param lagBytes the master's max offset minus {@code ackedOffset}
 * @param inSync whether the slave is in the in-sync set now (docs/replication.md)
 * @param lastReportTimeMs when its last report arrived, ms since the epoch (0: none yet)
 * @param brokerId the controller broker id the slave said in its hello, -1 when it said none
 */
public record ReplicationStatus(
        String slaveAddress, long ackedOffset, long lagBytes, boolean inSync, long lastReportTimeMs, long brokerId) {}
