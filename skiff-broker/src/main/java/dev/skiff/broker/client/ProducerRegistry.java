package dev.skiff.broker.client;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Producer groups known from heartbeats: group → client id → {@link ClientConnection}. Bounded like
 * {@link ConsumerRegistry}; a group disappears with its last member. Each group's member map is
 * changed only inside {@link ConcurrentHashMap#compute} and read under its own monitor.
 *
 * <p>Read API: {@link #connections(String)} (GET_PRODUCER_CONNECTION_LIST: client id, address,
 * language, version), {@link #activeChannel(String)} (one live producer of a group, e.g. for
 * transaction check-back), {@link #groupNames()}.
 */
public final class ProducerRegistry {
    private final ClientTables limits;
    private final SkiffClock clock;
    private final Map<String, Map<String, ClientConnection>> groups = new ConcurrentHashMap<>();

    public ProducerRegistry(ClientTables limits, SkiffClock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Records a producer group of a heartbeat; false when a limit refused it. */
    public boolean register(String group, ClientConnection conn) {
        long now = clock.nowMs();
        boolean[] accepted = new boolean[1];
        groups.compute(group, (name, members) -> {
            if (members == null) {
                if (groups.size() >= limits.groupsMax()) {
                    return null;
                }
                members = new HashMap<>();
            }
            synchronized (members) {
                ClientConnection existing = members.get(conn.clientId());
                if (existing != null && existing.channel() == conn.channel()) {
                    existing.touch(now);
                    accepted[0] = true;
                } else if (existing != null || members.size() < limits.clientsPerGroupMax()) {
                    members.put(conn.clientId(), conn);
                    accepted[0] = true;
                }
                return members.isEmpty() ? null : members;
            }
        });
        return accepted[0];
    }

    /** Removes a client from a group; true if it was a member. */
    public boolean unregister(String group, String clientId) {
        boolean[] removed = new boolean[1];
        groups.computeIfPresent(group, (name, members) -> {
            synchronized (members) {
                removed[0] = members.remove(clientId) != null;
                return members.isEmpty() ? null : members;
            }
        });
        return removed[0];
    }

    /** Removes every membership held through {@code channel}. */
    public void removeChannel(RemotingChannel channel) {
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (name, members) -> {
                synchronized (members) {
                    members.values().removeIf(c -> c.channel() == channel);
                    return members.isEmpty() ? null : members;
                }
            });
        }
    }

    /** Removes members silent for longer than the expiry time; returns them by group. */
    public Map<String, List<ClientConnection>> expireSilent() {
        long oldestAllowed = clock.nowMs() - limits.channelExpiredTimeoutMs();
        Map<String, List<ClientConnection>> expired = new LinkedHashMap<>();
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (name, members) -> {
                synchronized (members) {
                    for (Iterator<ClientConnection> it = members.values().iterator(); it.hasNext(); ) {
                        ClientConnection c = it.next();
                        if (c.lastHeartbeatMs() < oldestAllowed) {
                            it.remove();
                            expired.computeIfAbsent(name, k -> new ArrayList<>())
                                    .add(c);
                        }
                    }
                    return members.isEmpty() ? null : members;
                }
            });
        }
        return expired;
    }

    /** The group's members sorted by client id; empty when unknown. */
    public List<ClientConnection> connections(String group) {
        Map<String, ClientConnection> members = groups.get(group);
        if (members == null) {
            return List.of();
        }
        synchronized (members) {
            return new ArrayList<>(new TreeMap<>(members).values());
        }
    }

    /** A connected member's channel, or null when the group has none. */
    public RemotingChannel activeChannel(String group) {
        for (ClientConnection c : connections(group)) {
            if (c.channel().isActive()) {
                return c.channel();
            }
        }
        return null;
    }

    public Set<String> groupNames() {
        return new TreeSet<>(groups.keySet());
    }
}
