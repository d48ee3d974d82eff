package dev.skiff.namesrv.route;

import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.BrokerMemberGroup;
import dev.skiff.remoting.protocol.body.ClusterInfo;
import dev.skiff.remoting.protocol.body.TopicList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which broker groups exist: broker name → {@link BrokerGroup} (cluster, addresses by id, flags),
 * and cluster → the broker names in it; with the views built from them alone (cluster info,
 * member groups, the system-topic list).
 *
 * <p>Not thread-safe: guarded by {@link RouteRegistry}'s lock (read lock for the views, write lock
 * for changes), like the groups it holds.
 */
final class BrokerGroups {
    private final Map<String, BrokerGroup> byName = new HashMap<>();
    private final Map<String, Set<String>> namesByCluster = new HashMap<>();

    /** Adds the broker name to its cluster; true if it was not there. */
    boolean joinCluster(String cluster, String brokerName) {
        return namesByCluster.computeIfAbsent(cluster, c -> new TreeSet<>()).add(brokerName);
    }

    /** The group of a broker name, null when unknown. */
    BrokerGroup get(String brokerName) {
        return byName.get(brokerName);
    }

    boolean contains(String brokerName) {
        return byName.containsKey(brokerName);
    }

    /** Creates the (empty) group of a broker name. */
    BrokerGroup create(String cluster, String brokerName) {
        BrokerGroup group = new BrokerGroup(cluster, brokerName);
        byName.put(brokerName, group);
        return group;
    }

    /** Removes an emptied group, and its name from the cluster (the cluster too when that empties). */
    void remove(String cluster, String brokerName) {
        byName.remove(brokerName);
        Set<String> names = namesByCluster.get(cluster);
        if (names != null && names.remove(brokerName) && names.isEmpty()) {
            namesByCluster.remove(cluster);
        }
    }

    /** The broker names of a cluster, null for an unknown cluster. */
    Set<String> namesIn(String cluster) {
        return namesByCluster.get(cluster);
    }

    /** The name of the first group of {@code key}'s cluster listing its address, null when none. */
    String nameOf(BrokerAddrKey key) {
        for (BrokerGroup group : byName.values()) {
            if (group.cluster.equals(key.clusterName()) && group.addrs.containsValue(key.brokerAddr())) {
                return group.brokerName;
            }
        }
        return null;
    }

    ClusterInfo clusterInfo() {
        Map<String, BrokerData> brokers = new TreeMap<>();
        byName.forEach((name, group) -> brokers.put(name, group.snapshot()));
        Map<String, Set<String>> clusters = new TreeMap<>();
        namesByCluster.forEach((cluster, names) -> clusters.put(cluster, new TreeSet<>(names)));
        return new ClusterInfo(brokers, clusters);
    }

    /** Cluster names and broker names (each is a system topic), plus one broker address to ask. */
    TopicList systemTopics() {
        Set<String> topics = new LinkedHashSet<>();
        namesByCluster.forEach((cluster, names) -> {
            topics.add(cluster);
            topics.addAll(names);
        });
        String addr = null;
        for (BrokerGroup group : byName.values()) {
            if (!group.addrs.isEmpty()) {
                addr = group.addrs.firstEntry().getValue();
                break;
            }
        }
        return new TopicList(topics, addr);
    }

    BrokerMemberGroup memberGroup(String clusterName, String brokerName) {
        BrokerGroup group = byName.get(brokerName);
        return new BrokerMemberGroup(clusterName, brokerName, group == null ? Map.of() : group.addrs);
    }
}
