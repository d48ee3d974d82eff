package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET_BROKER_CLUSTER_INFO} body: broker groups by name and broker names by cluster. Always
 * sent in the default form (unquoted numeric keys), whatever the client version.
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {

    public ClusterInfo {
        brokerAddrTable = Collections.unmodifiableMap(new LinkedHashMap<>(brokerAddrTable));
        clusterAddrTable = Collections.unmodifiableMap(new LinkedHashMap<>(clusterAddrTable));
    }

    public JsonObject toJson() {
        JsonObject brokers = new JsonObject();
        brokerAddrTable.forEach((name, data) -> brokers.put(name, data.toJson()));
        JsonObject clusters = new JsonObject();
        clusterAddrTable.forEach((cluster, names) -> clusters.put(cluster, Bodies.strings(names)));
        return new JsonObject().put("brokerAddrTable", brokers).put("clusterAddrTable", clusters);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static ClusterInfo fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        Map<String, BrokerData> brokers = new LinkedHashMap<>();
        JsonObject brokerObject = o.getObject("brokerAddrTable");
        if (brokerObject != null) {
            for (Map.Entry<Object, JsonValue> e : brokerObject.entries()) {
                brokers.put(JsonObject.keyText(e.getKey()), BrokerData.fromJson(e.getValue()));
            }
        }
        Map<String, Set<String>> clusters = new LinkedHashMap<>();
        JsonObject clusterObject = o.getObject("clusterAddrTable");
        if (clusterObject != null) {
            for (Map.Entry<Object, JsonValue> e : clusterObject.entries()) {
                clusters.put(
                        JsonObject.keyText(e.getKey()),
                        Bodies.readStringSet(e.getValue().asArray()));
            }
        }
        return new ClusterInfo(brokers, clusters);
    }

    public static ClusterInfo decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "ClusterInfo");
        return Bodies.decode("ClusterInfo", json, ClusterInfo::fromJson);
    }
}
