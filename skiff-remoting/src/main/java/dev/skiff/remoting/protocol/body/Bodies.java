package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonString;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Shared helpers of the body codecs. */
final class Bodies {
    private Bodies() {}

    /** Parses a body that must be a JSON object; errors name {@code what}. */
    static JsonObject parseObject(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw new BodyFormatException(what + ": body is empty");
        }
        try {
            JsonValue value = JsonReader.parse(body, JsonReader.Limits.DEFAULT);
            if (value instanceof JsonObject object) {
                return object;
            }
            throw new BodyFormatException(what + ": expected a JSON object but found " + value.describe());
        } catch (JsonException e) {
            throw new BodyFormatException(what + ": " + e.getMessage(), e);
        }
    }

    /** Runs a JSON-tree conversion, turning type errors into a body error naming {@code what}. */
    static <T> T decode(String what, JsonValue json, Function<JsonValue, T> conversion) {
        try {
            return conversion.apply(json);
        } catch (JsonException e) {
            throw new BodyFormatException(what + ": " + e.getMessage(), e);
        }
    }

    static byte[] encode(JsonValue json, JsonForm form) {
        return JsonWriter.toBytes(json, form.options());
    }

    static JsonObject stringMap(Map<String, String> map) {
        JsonObject object = new JsonObject();
        map.forEach(object::put);
        return object;
    }

    static Map<String, String> readStringMap(JsonObject object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null) {
            for (Map.Entry<Object, JsonValue> entry : object.entries()) {
                if (!entry.getValue().isNull()) {
                    map.put(JsonObject.keyText(entry.getKey()), entry.getValue().asString());
                }
            }
        }
        return map;
    }

    /** {@code Map<Long, String>}: numeric keys, written unquoted in the default form. */
    static JsonObject idMap(Map<Long, String> map) {
        JsonObject object = new JsonObject();
        map.forEach((id, addr) -> object.putKey(JsonNumber.of(id), new JsonString(addr)));
        return object;
    }

    static Map<Long, String> readIdMap(JsonObject object, String member) {
        Map<Long, String> map = new TreeMap<>();
        if (object == null) {
            return map;
        }
        for (Map.Entry<Object, JsonValue> entry : object.entries()) {
            String key = JsonObject.keyText(entry.getKey());
            try {
                map.put(Long.parseLong(key.trim()), entry.getValue().asString());
            } catch (NumberFormatException e) {
                throw new JsonException("member '" + member + "': key '" + key + "' is not a broker id");
            }
        }
        return map;
    }

    static JsonArray strings(Collection<String> values) {
        return JsonArray.ofStrings(values);
    }

    static List<String> readStrings(JsonArray array) {
        return array == null ? List.of() : List.copyOf(array.strings());
    }

    static Set<String> readStringSet(JsonArray array) {
        return array == null ? Set.of() : new LinkedHashSet<>(array.strings());
    }
}
