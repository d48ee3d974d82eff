package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A broker group: its cluster, name and the address of each member by broker id (0 = master).
 * {@code brokerAddrs} is a map with numeric keys, printed {@code {0:"ip:port"}} in the default
 * form and {@code {"0":"ip:port"}} in the standard form.
 *
 * @param zoneName optional, omitted when null
 */
public record BrokerData(
        String cluster, String brokerName, Map<Long, String> brokerAddrs, boolean enableActingMaster, String zoneName) {

    public static final long MASTER_ID = 0;

    public BrokerData {
        Objects.requireNonNull(brokerName, "brokerName");
        brokerAddrs = Collections.unmodifiableSortedMap(new TreeMap<>(brokerAddrs));
    }

    /** The master's address, or null. */
    public String masterAddr() {
        return brokerAddrs.get(MASTER_ID);
    }

    public BrokerData withBrokerAddrs(Map<Long, String> addrs) {
        return new BrokerData(cluster, brokerName, addrs, enableActingMaster, zoneName);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("brokerAddrs", Bodies.idMap(brokerAddrs))
                .put("brokerName", brokerName)
                .put("cluster", cluster)
                .put("enableActingMaster", enableActingMaster)
                .put("zoneName", zoneName);
    }

    public static BrokerData fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        String brokerName = o.getString("brokerName");
        if (brokerName == null) {
            throw new JsonException("broker data without 'brokerName'");
        }
        return new BrokerData(
                o.getString("cluster"),
                brokerName,
                Bodies.readIdMap(o.getObject("brokerAddrs"), "brokerAddrs"),
                o.getBoolean("enableActingMaster", false),
                o.getString("zoneName"));
    }
}
