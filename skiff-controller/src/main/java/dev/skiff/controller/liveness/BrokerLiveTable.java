package dev.skiff.controller.liveness;

import dev.skiff.controller.state.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last heartbeat of each broker replica, kept in memory by every controller peer (brokers
 * send heartbeats to every peer, so a peer that becomes leader already knows who is alive). A
 * replica is alive while its last heartbeat is no older than its timeout (the broker's own {@code
 * heartbeatTimeoutMills} when it sends one, else the controller's default).
 *
 * <p>A replica whose heartbeat connection closes is gone at once ({@link #onChannelClosed}): a
 * broker process that dies (kill -9, a crash) closes its connections, and waiting for the timeout
 * would add it to every failover. Only the connection that carried the replica's latest heartbeat
 * counts, so a broker that reconnected is not taken for dead when its old connection closes late.
 * A master that hangs or is cut off keeps its connection open (or loses it without a close) and is
 * found by the timeout as before.
 *
 * <p>Bounded: at most {@link #ENTRIES_MAX} replicas; a heartbeat from a new replica beyond that is
 * refused. Thread safety: a concurrent map of immutable entries; each heartbeat replaces its entry.
 */
public final class BrokerLiveTable {
    public static final int ENTRIES_MAX = 100_000;

    /** One replica's last heartbeat. */
    public record Live(
            String cluster,
            String brokerName,
            long brokerId,
            String address,
            long lastSeenMs,
            long timeoutMs,
            int epoch,
            long maxOffset,
            int priority) {
        boolean aliveAt(long nowMs) {
            return nowMs - lastSeenMs <= timeoutMs;
        }
    }

    private record Key(String brokerName, long brokerId) {}

    private final Map<Key, Live> entries = new ConcurrentHashMap<>();
    /** The connection (remote {@code ip:port}) each replica's latest heartbeat came on. */
    private final Map<Key, String> channels = new ConcurrentHashMap<>();

    private final long defaultTimeoutMs;

    public BrokerLiveTable(long defaultTimeoutMs) {
        if (defaultTimeoutMs <= 0) {
            throw new IllegalArgumentException("heartbeat timeout must be positive: " + defaultTimeoutMs);
        }
        this.defaultTimeoutMs = defaultTimeoutMs;
    }

    public long defaultTimeoutMs() {
        return defaultTimeoutMs;
    }

    /**
     * Records a heartbeat. {@code timeoutMs} null or non-positive means the default.
     *
     * @return false when the table is full and the replica is new
     */
    public boolean onHeartbeat(
            String cluster,
            String brokerName,
            long brokerId,
            String address,
            long nowMs,
            Long timeoutMs,
            int epoch,
            long maxOffset,
            int priority) {
        Key key = new Key(brokerName, brokerId);
        if (!entries.containsKey(key) && entries.size() >= ENTRIES_MAX) {
            return false;
        }
        long timeout = timeoutMs == null || timeoutMs <= 0 ? defaultTimeoutMs : timeoutMs;
        entries.put(key, new Live(cluster, brokerName, brokerId, address, nowMs, timeout, epoch, maxOffset, priority));
        return true;
    }

    /** Records that the latest heartbeat of a replica came on {@code channel} (its remote address). */
    public void bindChannel(String brokerName, long brokerId, String channel) {
        Key key = new Key(brokerName, brokerId);
        if (entries.containsKey(key)) {
            channels.put(key, channel);
        }
    }

    /**
     * A connection closed: every replica whose latest heartbeat came on it is gone from now on
     * (until its next heartbeat). Returns the replicas marked, as {@code brokerName/brokerId}.
     */
    public List<String> onChannelClosed(String channel, long nowMs) {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<Key, String> e : channels.entrySet()) {
            if (!e.getValue().equals(channel) || !channels.remove(e.getKey(), channel)) {
                continue;
            }
            Live marked = entries.computeIfPresent(
                    e.getKey(),
                    (k, v) -> new Live(
                            v.cluster(),
                            v.brokerName(),
                            v.brokerId(),
                            v.address(),
                            Math.min(v.lastSeenMs(), nowMs - v.timeoutMs() - 1),
                            v.timeoutMs(),
                            v.epoch(),
                            v.maxOffset(),
                            v.priority()));
            if (marked != null) {
                gone.add(e.getKey().brokerName() + "/" + e.getKey().brokerId());
            }
        }
        return gone;
    }

    public boolean isAlive(String brokerName, long brokerId, long nowMs) {
        Live live = entries.get(new Key(brokerName, brokerId));
        return live != null && live.aliveAt(nowMs);
    }

    /** The heartbeat timeout a replica told in its last heartbeat; the default when none is known. */
    public long timeoutOf(String brokerName, long brokerId) {
        Live live = entries.get(new Key(brokerName, brokerId));
        return live == null ? defaultTimeoutMs : live.timeoutMs();
    }

    /** The alive replicas of a group, as election candidates. */
    public List<Candidate> candidates(String brokerName, long nowMs) {
        List<Candidate> list = new ArrayList<>();
        for (Live live : entries.values()) {
            if (live.brokerName().equals(brokerName) && live.aliveAt(nowMs)) {
                list.add(new Candidate(live.brokerId(), live.epoch(), live.maxOffset(), live.priority()));
            }
        }
        list.sort((a, b) -> Long.compare(a.brokerId(), b.brokerId()));
        return list;
    }

    public Set<Long> aliveIds(String brokerName, long nowMs) {
        Set<Long> ids = new TreeSet<>();
        candidates(brokerName, nowMs).forEach(c -> ids.add(c.brokerId()));
        return ids;
    }

    /** Forgets replicas silent for longer than {@code retainMs}; returns how many. */
    public int expire(long nowMs, long retainMs) {
        int before = entries.size();
        entries.values().removeIf(live -> nowMs - live.lastSeenMs() > retainMs);
        channels.keySet().retainAll(entries.keySet());
        return before - entries.size();
    }

    public int size() {
        return entries.size();
    }
}
