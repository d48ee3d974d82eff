package dev.skiff.broker.controller;

import java.util.Set;

/**
 * What the controller says about a broker group: the master (null id when there is none), its
 * master epoch and the sync-state set with its epoch. Answers of REGISTER (1003), ELECT (1002),
 * GET_REPLICA_INFO (1004) and NOTIFY_BROKER_ROLE_CHANGED (1008) all become one of these.
 */
public record ReplicaInfo(
        Long masterBrokerId, String masterAddress, int masterEpoch, Set<Long> syncStateSet, int syncStateSetEpoch) {
    public ReplicaInfo {
        syncStateSet = syncStateSet == null ? Set.of() : Set.copyOf(syncStateSet);
    }

    public boolean hasMaster() {
        return masterBrokerId != null && masterBrokerId > 0 && masterAddress != null && !masterAddress.isEmpty();
    }
}
