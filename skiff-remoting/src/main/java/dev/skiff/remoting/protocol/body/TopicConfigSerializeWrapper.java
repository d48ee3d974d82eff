package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker's topic table with its data version (official {@code TopicConfigSerializeWrapper}),
 * plus the static-topic members of {@code TopicConfigAndMappingSerializeWrapper}, which are kept
 * as raw JSON. The mapping members are null for the plain wrapper and then omitted.
 */
public record TopicConfigSerializeWrapper(
        Map<String, TopicConfig> topicConfigTable,
        DataVersion dataVersion,
        Map<String, JsonValue> topicQueueMappingInfoMap,
        Map<String, JsonValue> topicQueueMappingDetailMap,
        DataVersion mappingDataVersion) {

    public TopicConfigSerializeWrapper {
        topicConfigTable = Collections.unmodifiableMap(new LinkedHashMap<>(topicConfigTable));
        if (dataVersion == null) {
            dataVersion = DataVersion.ZERO;
        }
        topicQueueMappingInfoMap = copyOrNull(topicQueueMappingInfoMap);
        topicQueueMappingDetailMap = copyOrNull(topicQueueMappingDetailMap);
    }

    /** The form official brokers send: empty mapping maps and a mapping data version. */
    public static TopicConfigSerializeWrapper withMapping(Map<String, TopicConfig> topics, DataVersion version) {
        return new TopicConfigSerializeWrapper(topics, version, Map.of(), Map.of(), version);
    }

    public JsonObject toJson() {
        JsonObject topics = new JsonObject();
        topicConfigTable.forEach((name, config) -> topics.put(name, config.toJson()));
        JsonObject o = new JsonObject().put("dataVersion", dataVersion.toJson());
        if (mappingDataVersion != null) {
            o.put("mappingDataVersion", mappingDataVersion.toJson());
        }
        o.put("topicConfigTable", topics);
        if (topicQueueMappingDetailMap != null) {
            o.put("topicQueueMappingDetailMap", rawMap(topicQueueMappingDetailMap));
        }
        if (topicQueueMappingInfoMap != null) {
            o.put("topicQueueMappingInfoMap", rawMap(topicQueueMappingInfoMap));
        }
        return o;
    }

    public static TopicConfigSerializeWrapper fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        JsonObject table = o.getObject("topicConfigTable");
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                String name = JsonObject.keyText(e.getKey());
                topics.put(name, TopicConfig.fromJson(e.getValue(), name));
            }
        }
        JsonValue mappingVersion = o.get("mappingDataVersion");
        return new TopicConfigSerializeWrapper(
                topics,
                DataVersion.fromJson(o.get("dataVersion")),
                readRawMap(o.getObject("topicQueueMappingInfoMap")),
                readRawMap(o.getObject("topicQueueMappingDetailMap")),
                mappingVersion == null || mappingVersion.isNull() ? null : DataVersion.fromJson(mappingVersion));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static TopicConfigSerializeWrapper decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "TopicConfigSerializeWrapper");
        return Bodies.decode("TopicConfigSerializeWrapper", json, TopicConfigSerializeWrapper::fromJson);
    }

    private static Map<String, JsonValue> copyOrNull(Map<String, JsonValue> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static JsonObject rawMap(Map<String, JsonValue> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::put);
        return o;
    }

    private static Map<String, JsonValue> readRawMap(JsonObject o) {
        if (o == null) {
            return null;
        }
        Map<String, JsonValue> map = new LinkedHashMap<>();
        for (Map.Entry<Object, JsonValue> e : o.entries()) {
            map.put(JsonObject.keyText(e.getKey()), e.getValue());
        }
        return map;
    }
}
