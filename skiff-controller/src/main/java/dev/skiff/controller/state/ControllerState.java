package dev.skiff.controller.state;

import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_BROKER_ID_INVALID;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_BROKER_NOT_ALIVE;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_ELECT_MASTER_FAILED;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_INVALID_MASTER;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_INVALID_REPLICAS;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_INVALID_REQUEST;
import static dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_MASTER_STILL_EXIST;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated state: every broker group and the controller peers' remoting addresses.
 * {@link #apply} is the one way to change it; it is deterministic and validates every command
 * against the state it meets (a command the proposing leader thought valid may be refused here,
 * e.g. when another change landed first).
 *
 * <p>Election rule: a master is chosen among the replicas listed alive in the command, from the
 * sync-state set only (any replica for a group that never had a master; any alive replica when
 * the command allows an unclean election and no in-sync replica is alive). Preferred is the
 * highest known epoch, then the highest max offset, then the lowest priority value, then the
 * lowest id. The new master's sync-state set is just itself; the master epoch and (when the set
 * changed) the sync-state-set epoch grow by one.
 *
 * <p>Thread safety: one Raft thread applies; request threads read. Every method is synchronized
 * on this object (the only lock; nothing is called while holding it).
 */
public final class ControllerState {
    /** Most broker groups one controller records. */
    public static final int GROUPS_MAX = 10_000;
    /** Most replicas in one group. */
    public static final int REPLICAS_MAX = 64;

    private final TreeMap<String, ReplicaGroup> groups = new TreeMap<>();
    private final TreeMap<String, String> peerAddresses = new TreeMap<>();

    public synchronized Optional<ReplicaGroup> group(String brokerName) {
        return Optional.ofNullable(groups.get(brokerName));
    }

    public synchronized SortedMap<String, ReplicaGroup> groups() {
        return new TreeMap<>(groups);
    }

    public synchronized String peerAddress(String peerId) {
        return peerAddresses.get(peerId);
    }

    public synchronized SortedMap<String, String> peerAddresses() {
        return new TreeMap<>(peerAddresses);
    }

    /** The id a new replica of {@code brokerName} should apply for. */
    public synchronized long nextBrokerId(String brokerName) {
        ReplicaGroup g = groups.get(brokerName);
        return g == null ? ReplicaGroup.FIRST_BROKER_ID : g.nextBrokerId();
    }

    /** Replaces the whole state (snapshot load). */
    public synchronized void reset(Map<String, ReplicaGroup> newGroups, Map<String, String> newPeers) {
        groups.clear();
        groups.putAll(newGroups);
        peerAddresses.clear();
        peerAddresses.putAll(newPeers);
    }

    public synchronized Outcome apply(Command command) {
        return switch (command) {
            case Command.ApplyBrokerId c -> applyBrokerId(c);
            case Command.RegisterBroker c -> register(c);
            case Command.ElectMaster c -> elect(c);
            case Command.AlterSyncStateSet c -> alter(c);
            case Command.CleanBrokerData c -> clean(c);
            case Command.AnnouncePeer c -> announce(c);
        };
    }

    private Outcome announce(Command.AnnouncePeer c) {
        if (c.peerId() == null
                || c.address() == null
                || c.peerId().isEmpty()
                || c.address().isEmpty()) {
            return Outcome.error(CONTROLLER_INVALID_REQUEST, "peer id and address are required", null);
        }
        if (peerAddresses.size() >= REPLICAS_MAX && !peerAddresses.containsKey(c.peerId())) {
            return Outcome.error(CONTROLLER_INVALID_REQUEST, "too many controller peers", null);
        }
        peerAddresses.put(c.peerId(), c.address());
        return Outcome.ok(null);
    }

    private Outcome applyBrokerId(Command.ApplyBrokerId c) {
        ReplicaGroup g = groups.get(c.brokerName());
        if (g == null) {
            if (groups.size() >= GROUPS_MAX) {
                return Outcome.error(CONTROLLER_INVALID_REQUEST, "too many broker groups (" + GROUPS_MAX + ")", null);
            }
            g = ReplicaGroup.empty(c.cluster(), c.brokerName());
        }
        String held = g.checkCodes().get(c.brokerId());
        if (g.replicas().containsKey(c.brokerId())) {
            if (held != null && held.equals(c.checkCode())) {
                return Outcome.ok(g);
            }
            return Outcome.error(CONTROLLER_BROKER_ID_INVALID, "broker id " + c.brokerId() + " is taken", g);
        }
        if (c.brokerId() != g.nextBrokerId()) {
            return Outcome.error(
                    CONTROLLER_BROKER_ID_INVALID,
                    "broker id " + c.brokerId() + " is not the next id " + g.nextBrokerId(),
                    g);
        }
        if (g.replicas().size() >= REPLICAS_MAX) {
            return Outcome.error(CONTROLLER_INVALID_REQUEST, "too many replicas (" + REPLICAS_MAX + ")", g);
        }
        ReplicaGroup next = g.withReplica(c.brokerId(), "", c.checkCode());
        groups.put(c.brokerName(), next);
        return Outcome.ok(next);
    }

    private Outcome register(Command.RegisterBroker c) {
        if (c.brokerId() < ReplicaGroup.FIRST_BROKER_ID
                || c.address() == null
                || c.address().isEmpty()) {
            return Outcome.error(
                    CONTROLLER_BROKER_ID_INVALID, "a registration needs a broker id >= 1 and an address", null);
        }
        ReplicaGroup g = groups.get(c.brokerName());
        if (g == null || !g.replicas().containsKey(c.brokerId())) {
            return Outcome.error(
                    CONTROLLER_BROKER_NEED_TO_BE_REGISTERED,
                    "broker id " + c.brokerId() + " of " + c.brokerName() + " was never applied for",
                    g);
        }
        String held = g.checkCodes().get(c.brokerId());
        if (c.checkCode() != null && held != null && !held.equals(c.checkCode())) {
            return Outcome.error(
                    CONTROLLER_BROKER_ID_INVALID,
                    "broker id " + c.brokerId() + " of " + c.brokerName() + " is held by another broker",
                    g);
        }
        ReplicaGroup next = g.withReplica(c.brokerId(), c.address(), null);
        groups.put(c.brokerName(), next);
        return Outcome.ok(next);
    }

    private Outcome elect(Command.ElectMaster c) {
        ReplicaGroup g = groups.get(c.brokerName());
        if (g == null) {
            return Outcome.error(CONTROLLER_BROKER_METADATA_NOT_EXIST, "no broker group " + c.brokerName(), null);
        }
        Map<Long, Candidate> alive = new TreeMap<>();
        c.alive().stream().filter(a -> g.replicas().containsKey(a.brokerId())).forEach(a -> alive.put(a.brokerId(), a));
        if (c.designated() >= 0) {
            return electDesignated(g, c, alive);
        }
        if (g.hasMaster() && alive.containsKey(g.masterId())) {
            return Outcome.error(CONTROLLER_MASTER_STILL_EXIST, "the master is alive", g);
        }
        Optional<Candidate> best = choose(g, alive, c.allowUnclean());
        if (best.isEmpty()) {
            if (!g.hasMaster()) {
                return Outcome.error(CONTROLLER_ELECT_MASTER_FAILED, "no eligible replica is alive", g);
            }
            ReplicaGroup next = g.withMaster(ReplicaGroup.NO_MASTER, g.syncStateSet());
            groups.put(g.brokerName(), next);
            return new Outcome(
                    CONTROLLER_ELECT_MASTER_FAILED, "no eligible replica is alive; master cleared", next, true);
        }
        return promote(g, best.get().brokerId());
    }

    private Outcome electDesignated(ReplicaGroup g, Command.ElectMaster c, Map<Long, Candidate> alive) {
        long d = c.designated();
        if (!g.replicas().containsKey(d)) {
            return Outcome.error(CONTROLLER_BROKER_METADATA_NOT_EXIST, "no replica " + d + " in " + g.brokerName(), g);
        }
        if (!alive.containsKey(d)) {
            return Outcome.error(CONTROLLER_BROKER_NOT_ALIVE, "replica " + d + " is not alive", g);
        }
        if (d == g.masterId()) {
            return Outcome.ok(g);
        }
        boolean eligible = g.syncStateSet().contains(d) || g.masterEpoch() == 0 || c.allowUnclean();
        if (!eligible) {
            return Outcome.error(CONTROLLER_ELECT_MASTER_FAILED, "replica " + d + " is not in the sync-state set", g);
        }
        return promote(g, d);
    }

    private Outcome promote(ReplicaGroup g, long id) {
        ReplicaGroup next = g.withMaster(id, Set.of(id));
        groups.put(g.brokerName(), next);
        return new Outcome(0, null, next, true);
    }

    private static Optional<Candidate> choose(ReplicaGroup g, Map<Long, Candidate> alive, boolean allowUnclean) {
        Comparator<Candidate> order = Comparator.comparingInt(Candidate::epoch)
                .reversed()
                .thenComparing(Comparator.comparingLong(Candidate::maxOffset).reversed())
                .thenComparingInt(Candidate::priority)
                .thenComparingLong(Candidate::brokerId);
        boolean firstElection = g.masterEpoch() == 0;
        List<Candidate> eligible = alive.values().stream()
                .filter(a -> firstElection || g.syncStateSet().contains(a.brokerId()))
                .sorted(order)
                .toList();
        if (eligible.isEmpty() && allowUnclean) {
            eligible = alive.values().stream().sorted(order).toList();
        }
        return eligible.stream().findFirst();
    }

    private Outcome alter(Command.AlterSyncStateSet c) {
        ReplicaGroup g = groups.get(c.brokerName());
        if (g == null) {
            return Outcome.error(CONTROLLER_BROKER_METADATA_NOT_EXIST, "no broker group " + c.brokerName(), null);
        }
        if (c.masterEpoch() != g.masterEpoch()) {
            return Outcome.error(
                    CONTROLLER_FENCED_MASTER_EPOCH,
                    "master epoch " + c.masterEpoch() + " is not the current " + g.masterEpoch(),
                    g);
        }
        if (c.masterId() != g.masterId()) {
            return Outcome.error(CONTROLLER_INVALID_MASTER, "broker " + c.masterId() + " is not the master", g);
        }
        if (c.syncStateSetEpoch() != g.syncStateSetEpoch()) {
            return Outcome.error(
                    CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH,
                    "sync-state-set epoch " + c.syncStateSetEpoch() + " is not the current " + g.syncStateSetEpoch(),
                    g);
        }
        Set<Long> proposed = c.newSyncStateSet();
        if (!proposed.contains(g.masterId())) {
            return Outcome.error(CONTROLLER_INVALID_REPLICAS, "the new set must hold the master", g);
        }
        for (long id : proposed) {
            if (!g.replicas().containsKey(id)) {
                return Outcome.error(CONTROLLER_INVALID_REPLICAS, "no replica " + id, g);
            }
            if (id != g.masterId() && !c.aliveIds().contains(id)) {
                return Outcome.error(CONTROLLER_INVALID_REPLICAS, "replica " + id + " is not alive", g);
            }
        }
        if (proposed.equals(g.syncStateSet())) {
            return Outcome.ok(g);
        }
        ReplicaGroup next = g.withSyncStateSet(proposed);
        groups.put(g.brokerName(), next);
        return Outcome.ok(next);
    }

    private Outcome clean(Command.CleanBrokerData c) {
        ReplicaGroup g = groups.get(c.brokerName());
        if (g == null) {
            return Outcome.error(CONTROLLER_BROKER_METADATA_NOT_EXIST, "no broker group " + c.brokerName(), null);
        }
        Set<Long> ids = c.ids().isEmpty() ? new HashSet<>(g.replicas().keySet()) : c.ids();
        for (long id : ids) {
            if (!g.replicas().containsKey(id)) {
                return Outcome.error(CONTROLLER_INVALID_CLEAN_BROKER_METADATA, "no replica " + id, g);
            }
            if (!c.cleanLiving() && c.aliveIds().contains(id)) {
                return Outcome.error(CONTROLLER_INVALID_CLEAN_BROKER_METADATA, "replica " + id + " is alive", g);
            }
        }
        ReplicaGroup next = g.without(ids);
        if (next.replicas().isEmpty()) {
            groups.remove(g.brokerName());
            return new Outcome(0, null, null, g.hasMaster());
        }
        groups.put(g.brokerName(), next);
        return new Outcome(0, null, next, next.masterId() != g.masterId());
    }
}
