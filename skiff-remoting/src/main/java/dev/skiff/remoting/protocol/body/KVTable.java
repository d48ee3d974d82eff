package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key/value pairs of one namespace: {@code {"table":{"k":"v"}}}. */
public record KVTable(Map<String, String> table) {

    public KVTable {
        table = Collections.unmodifiableMap(new LinkedHashMap<>(table));
    }

    public JsonObject toJson() {
        return new JsonObject().put("table", Bodies.stringMap(table));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static KVTable fromJson(JsonValue json) {
        return new KVTable(Bodies.readStringMap(json.asObject().getObject("table")));
    }

    public static KVTable decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "KVTable");
        return Bodies.decode("KVTable", json, KVTable::fromJson);
    }
}
