package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The members of one broker group. {@code GET_BROKER_MEMBER_GROUP} answers with it wrapped as
 * {@code {"brokerMemberGroup":{...}}} (the official {@code GetBrokerMemberGroupResponseBody}).
 */
public record BrokerMemberGroup(String cluster, String brokerName, Map<Long, String> brokerAddrs) {

    public BrokerMemberGroup {
        brokerAddrs = Collections.unmodifiableSortedMap(new TreeMap<>(brokerAddrs));
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("brokerAddrs", Bodies.idMap(brokerAddrs))
                .put("brokerName", brokerName)
                .put("cluster", cluster);
    }

    public static BrokerMemberGroup fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        return new BrokerMemberGroup(
                o.getString("cluster"),
                o.getString("brokerName"),
                Bodies.readIdMap(o.getObject("brokerAddrs"), "brokerAddrs"));
    }

    /** The response body: {@code {"brokerMemberGroup":{...}}}. */
    public byte[] encodeResponseBody() {
        return Bodies.encode(new JsonObject().put("brokerMemberGroup", toJson()), JsonForm.DEFAULT);
    }

    /** Reads a response body; null when it holds no group. */
    public static BrokerMemberGroup decodeResponseBody(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "GetBrokerMemberGroupResponseBody");
        return Bodies.decode("GetBrokerMemberGroupResponseBody", json, j -> {
            JsonObject group = j.asObject().getObject("brokerMemberGroup");
            return group == null ? null : fromJson(group);
        });
    }
}
