package dev.skiff.broker.ha;

import dev.skiff.broker.config.BrokerConfig;

/**
 * The replication keys of {@link BrokerConfig}, in the units the code uses.
 *
 * @param heartbeatMs {@code haSendHeartbeatInterval}
 * @param housekeepingMs {@code haHousekeepingInterval}
 * @param transferBatchBytes {@code haTransferBatchSize}
 * @param maxGapBytes {@code haMaxGapNotInSync}
 * @param maxNotCaughtUpMs {@code haMaxTimeSlaveNotCatchup}
 * @param syncTimeoutMs {@code syncFlushTimeout}
 * @param inSyncReplicas {@code inSyncReplicas}
 * @param minInSyncReplicas {@code minInSyncReplicas}
 * @param slavesMax {@code haSlavesMax}
 * @param helloId the broker id a controller-mode slave says it has on connecting; -1: no hello
 */
record HaSettings(
        long heartbeatMs,
        long housekeepingMs,
        int transferBatchBytes,
        long maxGapBytes,
        long maxNotCaughtUpMs,
        long syncTimeoutMs,
        int inSyncReplicas,
        int minInSyncReplicas,
        int slavesMax,
        long helloId) {

    static HaSettings of(BrokerConfig c) {
        return new HaSettings(
                c.haSendHeartbeatInterval(),
                c.haHousekeepingInterval(),
                c.haTransferBatchSize(),
                c.haMaxGapNotInSync(),
                c.haMaxTimeSlaveNotCatchup(),
                c.syncFlushTimeout(),
                c.inSyncReplicas(),
                c.minInSyncReplicas(),
                c.haSlavesMax(),
                c.enableControllerMode() && c.brokerId() > 0 ? c.brokerId() : -1);
    }
}
