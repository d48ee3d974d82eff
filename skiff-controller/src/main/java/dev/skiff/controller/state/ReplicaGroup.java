package dev.skiff.controller.state;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One broker group (a {@code brokerName} in a cluster) as the controller records it; immutable.
 *
 * <ul>
 *   <li>{@code replicas}: broker id → remoting address ({@code ""} until the replica registers).
 *       Ids are assigned by the controller, from 1 up, never reused within a group's life.
 *   <li>{@code checkCodes}: broker id → the code the broker applied for its id with, so the same
 *       broker retrying {@code APPLY_BROKER_ID} is recognised.
 *   <li>{@code masterId}: {@link #NO_MASTER} or a key of {@code replicas}; {@code masterEpoch}
 *       grows by one each time the master changes (including to "none"), so a deposed master's
 *       requests carry a stale epoch and are refused.
 *   <li>{@code syncStateSet}: the in-sync replicas; it always holds the master when there is one;
 *       {@code syncStateSetEpoch} grows by one on each change.
 *   <li>{@code nextBrokerId}: the id the next new replica gets.
 * </ul>
 */
public record ReplicaGroup(
        String cluster,
        String brokerName,
        SortedMap<Long, String> replicas,
        Map<Long, String> checkCodes,
        long masterId,
        int masterEpoch,
        SortedSet<Long> syncStateSet,
        int syncStateSetEpoch,
        long nextBrokerId) {

    public static final long NO_MASTER = -1;
    public static final long FIRST_BROKER_ID = 1;

    public ReplicaGroup {
        replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas));
        checkCodes = Collections.unmodifiableSortedMap(new TreeMap<>(checkCodes));
        syncStateSet = Collections.unmodifiableSortedSet(new TreeSet<>(syncStateSet));
        if (masterId != NO_MASTER && !replicas.containsKey(masterId)) {
            throw new IllegalStateException(brokerName + ": master " + masterId + " is not a replica");
        }
        if (masterId != NO_MASTER && !syncStateSet.contains(masterId)) {
            throw new IllegalStateException(
                    brokerName + ": sync-state set " + syncStateSet + " lacks master " + masterId);
        }
    }

    static ReplicaGroup empty(String cluster, String brokerName) {
        return new ReplicaGroup(
                cluster,
                brokerName,
                new TreeMap<>(),
                new TreeMap<>(),
                NO_MASTER,
                0,
                new TreeSet<>(),
                0,
                FIRST_BROKER_ID);
    }

    public boolean hasMaster() {
        return masterId != NO_MASTER;
    }

    /** The master's address, or null. */
    public String masterAddress() {
        return hasMaster() ? replicas.get(masterId) : null;
    }

    ReplicaGroup withReplica(long id, String address, String checkCode) {
        TreeMap<Long, String> r = new TreeMap<>(replicas);
        r.put(id, address);
        TreeMap<Long, String> codes = new TreeMap<>(checkCodes);
        if (checkCode != null) {
            codes.put(id, checkCode);
        }
        return new ReplicaGroup(
                cluster,
                brokerName,
                r,
                codes,
                masterId,
                masterEpoch,
                syncStateSet,
                syncStateSetEpoch,
                Math.max(nextBrokerId, id + 1));
    }

    ReplicaGroup withMaster(long newMaster, Set<Long> newSyncStateSet) {
        return new ReplicaGroup(
                cluster,
                brokerName,
                replicas,
                checkCodes,
                newMaster,
                masterEpoch + 1,
                new TreeSet<>(newSyncStateSet),
                newSyncStateSet.equals(syncStateSet) ? syncStateSetEpoch : syncStateSetEpoch + 1,
                nextBrokerId);
    }

    ReplicaGroup withSyncStateSet(Set<Long> newSet) {
        return new ReplicaGroup(
                cluster,
                brokerName,
                replicas,
                checkCodes,
                masterId,
                masterEpoch,
                new TreeSet<>(newSet),
                syncStateSetEpoch + 1,
                nextBrokerId);
    }

    ReplicaGroup without(Set<Long> ids) {
        TreeMap<Long, String> r = new TreeMap<>(replicas);
        TreeMap<Long, String> codes = new TreeMap<>(checkCodes);
        TreeSet<Long> sync = new TreeSet<>(syncStateSet);
        ids.forEach(id -> {
            r.remove(id);
            codes.remove(id);
            sync.remove(id);
        });
        boolean masterGone = hasMaster() && ids.contains(masterId);
        return new ReplicaGroup(
                cluster,
                brokerName,
                r,
                codes,
                masterGone ? NO_MASTER : masterId,
                masterGone ? masterEpoch + 1 : masterEpoch,
                sync,
                sync.equals(syncStateSet) ? syncStateSetEpoch : syncStateSetEpoch + 1,
                nextBrokerId);
    }
}
