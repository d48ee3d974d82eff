package dev.skiff.broker.controller;

import dev.skiff.broker.ha.AckRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code allAckInSyncStateSet=true}: a master's sends wait for EVERY slave in the controller's
 * in-sync set. The set names brokers by controller id; the replication connections do not, so the
 * {@link SyncStateWatcher} learns each replica's side of its HA connection from its epoch-list
 * answer (ext field {@code haClientAddr}) and hands over the set with those names after each round.
 * A member whose connection is not known (not connected, or not asked yet) is named {@code
 * unknown-broker-ID}, which no connection matches: sends wait for it (FLUSH_SLAVE_TIMEOUT after
 * {@code syncFlushTimeout}) until the member connects or the master takes it out of the set.
 * The master itself is never required; a set of the master alone falls back to {@link AckRule#COUNT}'s
 * rule (see {@link AckRule}).
 */
public final class SyncStateAcks implements AckRule {
    private volatile Set<String> required = Set.of();

    /** Sets the members (other than {@code masterId}) and what the watcher knows of their connections. */
    public void update(Set<Long> syncStateSet, long masterId, Map<Long, String> haClientAddrs) {
        Set<String> next = new TreeSet<>();
        for (long id : syncStateSet) {
            if (id == masterId) {
                continue;
            }
            String addr = haClientAddrs.get(id);
            next.add(addr == null || addr.isEmpty() ? "unknown-broker-" + id : addr);
        }
        required = Set.copyOf(next);
    }

    /** Back to the master alone (a new master, before its first round). */
    public void clear() {
        required = Set.of();
    }

    @Override
    public Set<String> requiredSlaves() {
        return required;
    }
}
