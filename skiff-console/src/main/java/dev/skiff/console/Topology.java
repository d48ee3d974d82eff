package dev.skiff.console;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as the name servers know it ({@code GET_BROKER_CLUSTER_INFO}, 106): broker groups
 * by name, each with its cluster and its addresses by broker id (0 = master). Holds at most
 * {@code brokersMax} groups (by name order); {@link #total()} says how many there were.
 */
record Topology(List<Group> groups, int total) {

    /** One broker group: its cluster, name and address per broker id, ids in ascending order. */
    record Group(String cluster, String brokerName, Map<Long, String> addrs) {
        /** The master's address, or null when the group has none listed. */
        String masterAddr() {
            return addrs.get(0L);
        }
    }

    Topology {
        groups = List.copyOf(groups);
    }

    /**
     * Reads the body of a 106 answer: {@code {"brokerAddrTable":{"b":{"cluster":"c","brokerName":"b",
     * "brokerAddrs":{0:"host:port"}}},"clusterAddrTable":{"c":["b"]}}}.
     */
    static Topology fromClusterInfo(JsonObject body, int brokersMax) {
        JsonObject table = body.getObject("brokerAddrTable");
        List<Group> groups = new ArrayList<>();
        int total = 0;
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                total++;
                JsonObject data = e.getValue().asObject();
                Map<Long, String> addrs = new TreeMap<>();
                JsonObject byId = data.getObject("brokerAddrs");
                if (byId != null) {
                    for (Map.Entry<Object, JsonValue> a : byId.entries()) {
                        addrs.put(
                                Long.parseLong(JsonObject.keyText(a.getKey())),
                                a.getValue().asString());
                    }
                }
                groups.add(new Group(
                        orEmpty(data.getString("cluster")), JsonObject.keyText(e.getKey()), Map.copyOf(addrs)));
            }
        }
        groups.sort(Comparator.comparing(Group::cluster).thenComparing(Group::brokerName));
        List<Group> shown = groups.size() > brokersMax ? groups.subList(0, brokersMax) : groups;
        return new Topology(shown, total);
    }

    /** The master addresses, one per group that has a master. */
    List<Group> withMaster() {
        return groups.stream().filter(g -> g.masterAddr() != null).toList();
    }

    /** The group with this name, or null. */
    Group group(String brokerName) {
        for (Group g : groups) {
            if (g.brokerName().equals(brokerName)) {
                return g;
            }
        }
        return null;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
