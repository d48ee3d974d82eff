package dev.skiff.broker.controller;

import dev.skiff.broker.ha.AckRule;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code allAckInSyncStateSet=true}: a master's sends wait for EVERY slave in the controller's
 * in-sync set. The set names brokers by controller id; a Skiff slave's replication connection
 * says its id in a hello, so it is matched by id. For a connection that said nothing the {@link
 * SyncStateWatcher} also learns each replica's side of its HA connection from its epoch-list answer
 * (ext field {@code haClientAddr}) and hands it over with the set after each round. A member with
 * no matching connection (not connected) makes sends wait (FLUSH_SLAVE_TIMEOUT after {@code
 * syncFlushTimeout}) until it connects or the master takes it out of the set.
 * The master itself is never required; a set of the master alone falls back to {@link AckRule#COUNT}'s
 * rule (see {@link AckRule}).
 */
public final class SyncStateAcks implements AckRule {
    private volatile Set<Member> required = Set.of();

    /** Sets the members (other than {@code masterId}) and what the watcher knows of their connections. */
    public void update(Set<Long> syncStateSet, long masterId, Map<Long, String> haClientAddrs) {
        Set<Member> next = new HashSet<>();
        for (long id : syncStateSet) {
            if (id == masterId) {
                continue;
            }
            String addr = haClientAddrs.get(id);
            next.add(new Member(id, addr == null || addr.isEmpty() ? null : addr));
        }
        required = Set.copyOf(next);
    }

    /** Back to the master alone (a new master, before its first round). */
    public void clear() {
        required = Set.of();
    }

    @Override
    public Set<Member> requiredSlaves() {
        return required;
    }
}
