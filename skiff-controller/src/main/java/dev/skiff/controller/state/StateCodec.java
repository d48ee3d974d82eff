package dev.skiff.controller.state;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * JSON forms of what the controller stores and replicates. Every form is one object with a
 * {@code "v":1} format version.
 *
 * <pre>
 * command   {"v":1,"type":"elect","brokerName":"b","designated":-1,"trigger":"CONTROLLER",
 *            "alive":[{"id":2,"epoch":1,"maxOffset":100,"priority":0}],"allowUnclean":false}
 *           other types: applyId{cluster,brokerName,brokerId,checkCode}
 *           register{cluster,brokerName,brokerId,address,checkCode?}
 *           alter{brokerName,masterId,masterEpoch,syncStateSetEpoch,newSet[],alive[]}
 *           clean{brokerName,ids[],cleanLiving,alive[]}   announce{peerId,address}
 * outcome   {"v":1,"code":0,"remark":null,"masterChanged":true,"group":GROUP|null}
 * GROUP     {"cluster","brokerName","replicas":{"1":"h:p"},"checkCodes":{"1":"..."},
 *            "masterId":1,"masterEpoch":3,"syncStateSet":[1,2],"syncStateSetEpoch":4,"nextBrokerId":3}
 * snapshot  {"v":1,"groups":[GROUP...],"peers":{"n0":"h:p"}}
 * </pre>
 *
 * Readers throw {@link IllegalArgumentException} on malformed input; input size is bounded by
 * the shared JSON reader limits.
 */
public final class StateCodec {
    private static final int VERSION = 1;

    private StateCodec() {}

    public static byte[] encode(Command command) {
        JsonObject o = new JsonObject().put("v", VERSION);
        switch (command) {
            case Command.ApplyBrokerId c ->
                o.put("type", "applyId")
                        .put("cluster", c.cluster())
                        .put("brokerName", c.brokerName())
                        .put("brokerId", c.brokerId())
                        .put("checkCode", c.checkCode());
            case Command.RegisterBroker c -> {
                o.put("type", "register")
                        .put("cluster", c.cluster())
                        .put("brokerName", c.brokerName())
                        .put("brokerId", c.brokerId())
                        .put("address", c.address());
                if (c.checkCode() != null) {
                    o.put("checkCode", c.checkCode());
                }
            }
            case Command.ElectMaster c ->
                o.put("type", "elect")
                        .put("brokerName", c.brokerName())
                        .put("designated", c.designated())
                        .put("trigger", c.trigger().name())
                        .put("alive", candidates(c.alive()))
                        .put("allowUnclean", c.allowUnclean());
            case Command.AlterSyncStateSet c ->
                o.put("type", "alter")
                        .put("brokerName", c.brokerName())
                        .put("masterId", c.masterId())
                        .put("masterEpoch", c.masterEpoch())
                        .put("syncStateSetEpoch", c.syncStateSetEpoch())
                        .put("newSet", ids(c.newSyncStateSet()))
                        .put("alive", ids(c.aliveIds()));
            case Command.CleanBrokerData c ->
                o.put("type", "clean")
                        .put("brokerName", c.brokerName())
                        .put("ids", ids(c.ids()))
                        .put("cleanLiving", c.cleanLiving())
                        .put("alive", ids(c.aliveIds()));
            case Command.AnnouncePeer c ->
                o.put("type", "announce").put("peerId", c.peerId()).put("address", c.address());
        }
        return bytes(o);
    }

    public static Command decodeCommand(byte[] data) {
        JsonObject o = parse(data);
        try {
            return switch (o.getString("type")) {
                case "applyId" ->
                    new Command.ApplyBrokerId(
                            o.getString("cluster"), name(o), o.getLong("brokerId", -1), o.getString("checkCode"));
                case "register" ->
                    new Command.RegisterBroker(
                            o.getString("cluster"),
                            name(o),
                            o.getLong("brokerId", -1),
                            o.getString("address"),
                            o.getString("checkCode"));
                case "elect" ->
                    new Command.ElectMaster(
                            name(o),
                            o.getLong("designated", -1),
                            Command.Trigger.valueOf(o.getString("trigger")),
                            readCandidates(o.getArray("alive")),
                            o.getBoolean("allowUnclean", false));
                case "alter" ->
                    new Command.AlterSyncStateSet(
                            name(o),
                            o.getLong("masterId", -1),
                            o.getInt("masterEpoch", -1),
                            o.getInt("syncStateSetEpoch", -1),
                            readIds(o.getArray("newSet")),
                            readIds(o.getArray("alive")));
                case "clean" ->
                    new Command.CleanBrokerData(
                            name(o),
                            readIds(o.getArray("ids")),
                            o.getBoolean("cleanLiving", false),
                            readIds(o.getArray("alive")));
                case "announce" -> new Command.AnnouncePeer(o.getString("peerId"), o.getString("address"));
                case null, default -> throw new IllegalArgumentException("unknown command type " + o.getString("type"));
            };
        } catch (JsonException | IllegalStateException | NullPointerException e) {
            throw new IllegalArgumentException("malformed command: " + e.getMessage(), e);
        }
    }

    public static byte[] encode(Outcome outcome) {
        JsonObject o = new JsonObject()
                .put("v", VERSION)
                .put("code", outcome.code())
                .put("masterChanged", outcome.masterChanged());
        if (outcome.remark() != null) {
            o.put("remark", outcome.remark());
        }
        if (outcome.group() != null) {
            o.put("group", group(outcome.group()));
        }
        return bytes(o);
    }

    public static Outcome decodeOutcome(byte[] data) {
        JsonObject o = parse(data);
        JsonObject g = o.getObject("group");
        return new Outcome(
                o.getInt("code", 1),
                o.getString("remark"),
                g == null ? null : readGroup(g),
                o.getBoolean("masterChanged", false));
    }

    public static byte[] encodeSnapshot(Map<String, ReplicaGroup> groups, Map<String, String> peers) {
        JsonArray array = new JsonArray();
        groups.values().forEach(g -> array.add(group(g)));
        JsonObject p = new JsonObject();
        peers.forEach(p::put);
        return bytes(new JsonObject().put("v", VERSION).put("groups", array).put("peers", p));
    }

    /** Loads a snapshot into {@code state}, replacing what it held. */
    public static void loadSnapshot(byte[] data, ControllerState state) {
        JsonObject o = parse(data);
        Map<String, ReplicaGroup> groups = new TreeMap<>();
        for (JsonValue v : o.getArray("groups")) {
            ReplicaGroup g = readGroup(v.asObject());
            groups.put(g.brokerName(), g);
        }
        Map<String, String> peers = new TreeMap<>();
        for (Map.Entry<Object, JsonValue> e : o.getObject("peers").entries()) {
            peers.put(JsonObject.keyText(e.getKey()), e.getValue().asString());
        }
        state.reset(groups, peers);
    }

    private static JsonObject group(ReplicaGroup g) {
        JsonObject replicas = new JsonObject();
        g.replicas().forEach((id, addr) -> replicas.put(Long.toString(id), addr));
        JsonObject codes = new JsonObject();
        g.checkCodes().forEach((id, code) -> codes.put(Long.toString(id), code));
        JsonObject o = new JsonObject()
                .put("brokerName", g.brokerName())
                .put("replicas", replicas)
                .put("checkCodes", codes)
                .put("masterId", g.masterId())
                .put("masterEpoch", g.masterEpoch())
                .put("syncStateSet", ids(g.syncStateSet()))
                .put("syncStateSetEpoch", g.syncStateSetEpoch())
                .put("nextBrokerId", g.nextBrokerId());
        if (g.cluster() != null) {
            o.put("cluster", g.cluster());
        }
        return o;
    }

    private static ReplicaGroup readGroup(JsonObject o) {
        try {
            return new ReplicaGroup(
                    o.getString("cluster"),
                    name(o),
                    readIdMap(o.getObject("replicas")),
                    readIdMap(o.getObject("checkCodes")),
                    o.getLong("masterId", ReplicaGroup.NO_MASTER),
                    o.getInt("masterEpoch", 0),
                    new TreeSet<>(readIds(o.getArray("syncStateSet"))),
                    o.getInt("syncStateSetEpoch", 0),
                    o.getLong("nextBrokerId", ReplicaGroup.FIRST_BROKER_ID));
        } catch (JsonException | IllegalStateException | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed broker group: " + e.getMessage(), e);
        }
    }

    private static String name(JsonObject o) {
        String name = o.getString("brokerName");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("brokerName is missing");
        }
        return name;
    }

    private static TreeMap<Long, String> readIdMap(JsonObject o) {
        TreeMap<Long, String> map = new TreeMap<>();
        if (o != null) {
            for (Map.Entry<Object, JsonValue> e : o.entries()) {
                map.put(
                        Long.parseLong(JsonObject.keyText(e.getKey())),
                        e.getValue().asString());
            }
        }
        return map;
    }

    private static JsonArray candidates(List<Candidate> list) {
        JsonArray array = new JsonArray();
        for (Candidate c : list) {
            array.add(new JsonObject()
                    .put("id", c.brokerId())
                    .put("epoch", c.epoch())
                    .put("maxOffset", c.maxOffset())
                    .put("priority", c.priority()));
        }
        return array;
    }

    private static List<Candidate> readCandidates(JsonArray array) {
        List<Candidate> list = new ArrayList<>();
        if (array != null) {
            for (JsonValue v : array) {
                JsonObject o = v.asObject();
                list.add(new Candidate(
                        o.getLong("id", -1), o.getInt("epoch", 0), o.getLong("maxOffset", 0), o.getInt("priority", 0)));
            }
        }
        return list;
    }

    private static JsonArray ids(Set<Long> ids) {
        JsonArray array = new JsonArray();
        new TreeSet<>(ids).forEach(id -> array.add(JsonNumber.of(id)));
        return array;
    }

    private static Set<Long> readIds(JsonArray array) {
        Set<Long> ids = new TreeSet<>();
        if (array != null) {
            for (JsonValue v : array) {
                ids.add(v.asLong());
            }
        }
        return ids;
    }

    private static byte[] bytes(JsonObject o) {
        return JsonWriter.toBytes(o, JsonWriteOptions.INSERTION_ORDER);
    }

    private static JsonObject parse(byte[] data) {
        try {
            JsonValue v = JsonReader.parse(data, JsonReader.Limits.DEFAULT);
            JsonObject o = v.asObject();
            if (o.getInt("v", -1) != VERSION) {
                throw new IllegalArgumentException("unsupported format version " + o.get("v"));
            }
            return o;
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed controller record: " + e.getMessage(), e);
        }
    }
}
