package dev.skiff.broker.lock;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.QueueRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may consume each queue of a consumer group in order: a lease per (group, topic, broker,
 * queue) held by one client id, good for {@code leaseMs} after its last lock call. A client may
 * take a free queue, renew its own, or take one whose lease lapsed; a queue held by another client
 * under an unexpired lease is refused. Leases end on unlock, on lapse, or when the connection the
 * holder last locked from closes (this table is the transport's {@link ChannelEventListener}).
 *
 * <p>Bounded: at most {@code leasesMax} leases; when full, lapsed leases are purged and a request
 * that still does not fit is refused for the queues that would be new. The connection map holds one
 * entry per locking client, so it is bounded by the same limit.
 *
 * <p>All state is guarded by this object's monitor: lock traffic is a few requests per client
 * every 20 s, so one monitor is simpler than anything finer and never contended for long.
 */
public final class QueueLockTable implements ChannelEventListener {
    private final SkiffClock clock;
    private final long leaseMs;
    private final int leasesMax;
    private final Map<String, Map<QueueRef, Lease>> groups = new HashMap<>();
    private final Map<RemotingChannel, String> clientOfChannel = new IdentityHashMap<>();
    private final Map<String, RemotingChannel> channelOfClient = new HashMap<>();
    private int leases;

    /** A queue's holder and when it last locked; mutated only under the table's monitor. */
    private static final class Lease {
        String clientId;
        long renewedMs;

        Lease(String clientId, long renewedMs) {
            this.clientId = clientId;
            this.renewedMs = renewedMs;
        }
    }

    public QueueLockTable(SkiffClock clock, long leaseMs, int leasesMax) {
        if (leaseMs <= 0 || leasesMax <= 0) {
            throw new IllegalArgumentException("leaseMs and leasesMax must be positive");
        }
        this.clock = clock;
        this.leaseMs = leaseMs;
        this.leasesMax = leasesMax;
    }

    /**
     * Locks or renews each queue for {@code clientId}; returns those it now holds (the others are
     * held by someone else, or the table is full).
     *
     * @param channel the connection the request came on, or null (the lease then ends only by
     *     unlock or lapse)
     */
    public synchronized Set<QueueRef> tryLock(
            String group, String clientId, Collection<QueueRef> queues, RemotingChannel channel) {
        long now = clock.nowMs();
        Set<QueueRef> locked = new LinkedHashSet<>();
        Map<QueueRef, Lease> table = groups.computeIfAbsent(group, g -> new HashMap<>());
        for (QueueRef queue : queues) {
            Lease lease = table.get(queue);
            if (lease == null) {
                if (leases >= leasesMax && purgeLapsed(now) == 0) {
                    continue;
                }
                table.put(queue, new Lease(clientId, now));
                leases++;
                locked.add(queue);
            } else if (lease.clientId.equals(clientId) || lapsed(lease, now)) {
                lease.clientId = clientId;
                lease.renewedMs = now;
                locked.add(queue);
            }
        }
        if (table.isEmpty()) {
            groups.remove(group);
        }
        if (channel != null && !locked.isEmpty()) {
            bind(clientId, channel);
        }
        return locked;
    }

    /** Releases those of the queues that {@code clientId} holds. */
    public synchronized void unlock(String group, String clientId, Collection<QueueRef> queues) {
        Map<QueueRef, Lease> table = groups.get(group);
        if (table == null) {
            return;
        }
        for (QueueRef queue : queues) {
            Lease lease = table.get(queue);
            if (lease != null && lease.clientId.equals(clientId)) {
                table.remove(queue);
                leases--;
            }
        }
        if (table.isEmpty()) {
            groups.remove(group);
        }
    }

    /** Whether {@code clientId} holds an unexpired lease on the queue. */
    public synchronized boolean isLockedBy(String group, QueueRef queue, String clientId) {
        Map<QueueRef, Lease> table = groups.get(group);
        Lease lease = table == null ? null : table.get(queue);
        return lease != null && lease.clientId.equals(clientId) && !lapsed(lease, clock.nowMs());
    }

    /**
     * Whether any client holds an unexpired lease in the group: such a group consumes in order,
     * so a retry it sends as a normal message goes straight to its dead-letter topic.
     */
    public synchronized boolean hasUnexpiredLock(String group) {
        Map<QueueRef, Lease> table = groups.get(group);
        if (table == null) {
            return false;
        }
        long now = clock.nowMs();
        for (Lease lease : table.values()) {
            if (!lapsed(lease, now)) {
                return true;
            }
        }
        return false;
    }

    /** Ends every lease of the client in every group. */
    public synchronized void releaseClient(String clientId) {
        Iterator<Map<QueueRef, Lease>> tables = groups.values().iterator();
        while (tables.hasNext()) {
            Map<QueueRef, Lease> table = tables.next();
            Iterator<Lease> it = table.values().iterator();
            while (it.hasNext()) {
                if (it.next().clientId.equals(clientId)) {
                    it.remove();
                    leases--;
                }
            }
            if (table.isEmpty()) {
                tables.remove();
            }
        }
        RemotingChannel channel = channelOfClient.remove(clientId);
        if (channel != null) {
            clientOfChannel.remove(channel);
        }
    }

    /** Drops lapsed leases (housekeeping); returns how many. */
    public synchronized int purgeLapsed() {
        return purgeLapsed(clock.nowMs());
    }

    /** Leases currently in the table, lapsed or not. */
    public synchronized int size() {
        return leases;
    }

    @Override
    public synchronized void onClose(RemotingChannel channel) {
        String clientId = clientOfChannel.remove(channel);
        if (clientId != null && channelOfClient.get(clientId) == channel) {
            releaseClient(clientId);
        }
    }

    private void bind(String clientId, RemotingChannel channel) {
        RemotingChannel old = channelOfClient.put(clientId, channel);
        if (old != null && old != channel) {
            clientOfChannel.remove(old);
        }
        String previousClient = clientOfChannel.put(channel, clientId);
        if (previousClient != null && !previousClient.equals(clientId)) {
            channelOfClient.remove(previousClient, channel);
        }
    }

    private int purgeLapsed(long now) {
        int purged = 0;
        Iterator<Map<QueueRef, Lease>> tables = groups.values().iterator();
        while (tables.hasNext()) {
            Map<QueueRef, Lease> table = tables.next();
            Iterator<Lease> it = table.values().iterator();
            while (it.hasNext()) {
                if (lapsed(it.next(), now)) {
                    it.remove();
                    purged++;
                }
            }
            if (table.isEmpty()) {
                tables.remove();
            }
        }
        leases -= purged;
        return purged;
    }

    private boolean lapsed(Lease lease, long now) {
        return now - lease.renewedMs > leaseMs;
    }
}
