package dev.skiff.namesrv.route;

import dev.skiff.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which broker processes are alive, and what each last registered that is its own: process
 * ({@link BrokerAddrKey}) → {@link BrokerLiveInfo} (last heard, timeout, data version, connection,
 * HA address), and process → filter servers.
 *
 * <p>Not thread-safe: guarded by {@link RouteRegistry}'s lock (write lock for every change of the
 * maps). The one change under the read lock is a heartbeat's {@link BrokerLiveInfo#touch}, a
 * volatile write to an entry already in the map.
 */
final class LiveBrokers {
    private final Map<BrokerAddrKey, BrokerLiveInfo> live = new HashMap<>();
    private final Map<BrokerAddrKey, List<String>> filterServers = new HashMap<>();

    /** The process's liveness, null when it is not registered. */
    BrokerLiveInfo get(BrokerAddrKey key) {
        return live.get(key);
    }

    /** Records a registration; returns what the process registered before, null when new. */
    BrokerLiveInfo put(BrokerAddrKey key, BrokerLiveInfo info) {
        return live.put(key, info);
    }

    /** Forgets the process's liveness (not its filter servers); true if it was known. */
    boolean remove(BrokerAddrKey key) {
        return live.remove(key) != null;
    }

    /** Live processes. */
    int size() {
        return live.size();
    }

    /** The processes not heard from within their timeout at {@code nowMs}, in the table's order. */
    List<Map.Entry<BrokerAddrKey, BrokerLiveInfo>> expired(long nowMs) {
        List<Map.Entry<BrokerAddrKey, BrokerLiveInfo>> out = new ArrayList<>();
        for (Map.Entry<BrokerAddrKey, BrokerLiveInfo> e : live.entrySet()) {
            if (e.getValue().expired(nowMs)) {
                out.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** The processes that registered over {@code channel}, in the table's order. */
    List<BrokerAddrKey> registeredOver(RemotingChannel channel) {
        List<BrokerAddrKey> out = new ArrayList<>();
        for (Map.Entry<BrokerAddrKey, BrokerLiveInfo> e : live.entrySet()) {
            if (e.getValue().channel() != null && e.getValue().channel().equals(channel)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Sets the process's filter servers: null leaves them, empty removes them. Returns whether
     * they changed.
     */
    boolean updateFilterServers(BrokerAddrKey key, List<String> servers) {
        if (servers == null) {
            return false;
        }
        List<String> previous =
                servers.isEmpty() ? filterServers.remove(key) : filterServers.put(key, List.copyOf(servers));
        return servers.isEmpty() ? previous != null : !servers.equals(previous);
    }

    /** Forgets the process's filter servers; true if it had any. */
    boolean removeFilterServers(BrokerAddrKey key) {
        return filterServers.remove(key) != null;
    }

    /** The process's filter servers, null when none. */
    List<String> filterServers(BrokerAddrKey key) {
        return filterServers.get(key);
    }

    boolean hasFilterServers() {
        return !filterServers.isEmpty();
    }
}
