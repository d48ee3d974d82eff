package dev.skiff.remoting.protocol.controller;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonString;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * JSON bodies of the controller protocol, with the official field names:
 *
 * <pre>
 * SyncStateSet         {"syncStateSet":[1,2],"syncStateSetEpoch":3}
 * BrokerMemberGroup    {"cluster":"c","brokerName":"b","brokerAddrs":{"1":"h:p","2":"h:p"}}  (keys quoted:
 *                      the official admin's JSON reader refuses bare numeric keys here)
 * ElectMasterResponse  {"brokerMemberGroup":{...},"syncStateSet":[1,2]}
 * broker name list     ["b1","b2"]                    (GET_SYNC_STATE_DATA request)
 * BrokerReplicasInfo   {"replicasInfoTable":{"b":{"masterBrokerId":1,"masterAddress":"h:p",
 *                        "masterEpoch":2,"syncStateSetEpoch":3,
 *                        "inSyncReplicas":[{"brokerName":"b","brokerId":1,"brokerAddress":"h:p","alive":true}],
 *                        "notInSyncReplicas":[...]}}}
 * </pre>
 *
 * Readers bound the input (the shared JSON limits) and throw {@link BodyFormatException} naming
 * the body on anything malformed.
 */
public final class ControllerBodies {
    private ControllerBodies() {}

    /** How many broker names one GET_SYNC_STATE_DATA may ask about. */
    public static final int BROKER_NAMES_MAX = 10_000;

    public record SyncStateSet(Set<Long> syncStateSet, int syncStateSetEpoch) {
        public SyncStateSet {
            syncStateSet = Set.copyOf(syncStateSet);
        }

        public byte[] encode() {
            return toBytes(toJson());
        }

        JsonObject toJson() {
            return new JsonObject().put("syncStateSet", ids(syncStateSet)).put("syncStateSetEpoch", syncStateSetEpoch);
        }

        public static SyncStateSet decode(byte[] body) {
            JsonObject o = parse(body, "SyncStateSet");
            return convert(
                    "SyncStateSet",
                    () -> new SyncStateSet(readIds(o.getArray("syncStateSet")), o.getInt("syncStateSetEpoch", 0)));
        }
    }

    public record BrokerMemberGroup(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        JsonObject toJson() {
            JsonObject addrs = new JsonObject();
            new TreeMap<>(brokerAddrs).forEach((id, addr) -> addrs.put(Long.toString(id), new JsonString(addr)));
            return new JsonObject()
                    .put("cluster", cluster)
                    .put("brokerName", brokerName)
                    .put("brokerAddrs", addrs);
        }

        public byte[] encode() {
            return toBytes(toJson());
        }
    }

    /** The CONTROLLER_ELECT_MASTER response body. */
    public static byte[] electMasterBody(BrokerMemberGroup group, Set<Long> syncStateSet) {
        return toBytes(
                new JsonObject().put("brokerMemberGroup", group.toJson()).put("syncStateSet", ids(syncStateSet)));
    }

    /** One replica in a {@link ReplicasInfo}. */
    public record ReplicaIdentity(String brokerName, long brokerId, String brokerAddress, boolean alive) {}

    public record ReplicasInfo(
            Long masterBrokerId,
            String masterAddress,
            int masterEpoch,
            int syncStateSetEpoch,
            List<ReplicaIdentity> inSyncReplicas,
            List<ReplicaIdentity> notInSyncReplicas) {}

    public static byte[] encodeReplicasInfo(Map<String, ReplicasInfo> table) {
        JsonObject byName = new JsonObject();
        table.forEach((name, info) -> {
            JsonObject o = new JsonObject();
            if (info.masterBrokerId() != null) {
                o.put("masterBrokerId", info.masterBrokerId());
            }
            if (info.masterAddress() != null) {
                o.put("masterAddress", info.masterAddress());
            }
            o.put("masterEpoch", info.masterEpoch())
                    .put("syncStateSetEpoch", info.syncStateSetEpoch())
                    .put("inSyncReplicas", replicas(info.inSyncReplicas()))
                    .put("notInSyncReplicas", replicas(info.notInSyncReplicas()));
            byName.put(name, o);
        });
        return toBytes(new JsonObject().put("replicasInfoTable", byName));
    }

    /** The GET_SYNC_STATE_DATA request body: a JSON array of broker names. */
    public static List<String> decodeBrokerNames(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        try {
            JsonValue value = JsonReader.parse(body, JsonReader.Limits.DEFAULT);
            List<String> names = value.asArray().strings();
            if (names.size() > BROKER_NAMES_MAX) {
                throw new BodyFormatException("broker names: more than " + BROKER_NAMES_MAX);
            }
            return names;
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new BodyFormatException("broker names: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeBrokerNames(List<String> names) {
        return toBytes(JsonArray.ofStrings(names));
    }

    private static JsonArray replicas(List<ReplicaIdentity> list) {
        JsonArray array = new JsonArray();
        for (ReplicaIdentity r : list) {
            JsonObject o = new JsonObject().put("brokerName", r.brokerName()).put("brokerId", r.brokerId());
            if (r.brokerAddress() != null) {
                o.put("brokerAddress", r.brokerAddress());
            }
            array.add(o.put("alive", r.alive()));
        }
        return array;
    }

    static JsonArray ids(Set<Long> ids) {
        JsonArray array = new JsonArray();
        new TreeSet<>(ids).forEach(id -> array.add(JsonNumber.of(id)));
        return array;
    }

    static Set<Long> readIds(JsonArray array) {
        Set<Long> ids = new TreeSet<>();
        if (array != null) {
            for (JsonValue v : array) {
                ids.add(v.asLong());
            }
        }
        return ids;
    }

    private static byte[] toBytes(JsonValue value) {
        return JsonWriter.toBytes(value, JsonWriteOptions.FASTJSON);
    }

    private static JsonObject parse(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw new BodyFormatException(what + ": body is empty");
        }
        try {
            return JsonReader.parse(body, JsonReader.Limits.DEFAULT).asObject();
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new BodyFormatException(what + ": " + e.getMessage(), e);
        }
    }

    private interface Conversion<T> {
        T get();
    }

    private static <T> T convert(String what, Conversion<T> conversion) {
        try {
            return conversion.get();
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new BodyFormatException(what + ": " + e.getMessage(), e);
        }
    }
}
