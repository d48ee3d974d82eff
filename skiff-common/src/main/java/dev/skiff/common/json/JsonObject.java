package dev.skiff.common.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON object: members in insertion order. A key is a {@link String} (ordinary key), a {@link
 * JsonNumber} (a numeric key, written unquoted in the fastjson default form) or a {@link
 * JsonObject}/{@link JsonArray} (an object key, as fastjson writes {@code Map<MessageQueue, Long>}).
 * Putting an existing key replaces its value and keeps its position. Not thread-safe.
 */
public final class JsonObject implements JsonValue {
    private final LinkedHashMap<Object, JsonValue> members = new LinkedHashMap<>();

    /** Puts a member with any allowed key kind; a null or JSON-null value is stored as null. */
    public JsonObject putKey(Object key, JsonValue value) {
        members.put(checkKey(key), value == null ? JsonNull.INSTANCE : value);
        return this;
    }

    public JsonObject put(String key, JsonValue value) {
        return putKey(key, value);
    }

    /** Puts a string member; a null value is skipped (fastjson omits null properties). */
    public JsonObject put(String key, String value) {
        if (value != null) {
            putKey(key, new JsonString(value));
        }
        return this;
    }

    public JsonObject put(String key, long value) {
        return putKey(key, JsonNumber.of(value));
    }

    public JsonObject put(String key, boolean value) {
        return putKey(key, JsonBoolean.of(value));
    }

    /** Puts a member under a numeric key ({@code Map<Long, ...>} on the official side). */
    public JsonObject put(long numericKey, JsonValue value) {
        return putKey(JsonNumber.of(numericKey), value);
    }

    /** The value under a string key or a numeric key with the same text; null when absent. */
    public JsonValue get(String key) {
        JsonValue value = members.get(key);
        if (value == null && !key.isEmpty() && looksNumeric(key)) {
            for (Map.Entry<Object, JsonValue> entry : members.entrySet()) {
                if (entry.getKey() instanceof JsonNumber number && number.text().equals(key)) {
                    return entry.getValue();
                }
            }
        }
        return value;
    }

    public boolean has(String key) {
        JsonValue value = get(key);
        return value != null && !value.isNull();
    }

    /** A string member (numbers and booleans give their text); null when absent or JSON null. */
    public String getString(String key) {
        JsonValue value = get(key);
        return value == null || value.isNull() ? null : convert(key, value, JsonValue::asString);
    }

    public long getLong(String key, long defaultValue) {
        JsonValue value = get(key);
        return value == null || value.isNull() ? defaultValue : convert(key, value, JsonValue::asLong);
    }

    public int getInt(String key, int defaultValue) {
        JsonValue value = get(key);
        return value == null || value.isNull() ? defaultValue : convert(key, value, JsonValue::asInt);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        JsonValue value = get(key);
        return value == null || value.isNull() ? defaultValue : convert(key, value, JsonValue::asBoolean);
    }

    /** An object member; null when absent or JSON null. */
    public JsonObject getObject(String key) {
        JsonValue value = get(key);
        return value == null || value.isNull() ? null : convert(key, value, JsonValue::asObject);
    }

    /** An array member; null when absent or JSON null. */
    public JsonArray getArray(String key) {
        JsonValue value = get(key);
        return value == null || value.isNull() ? null : convert(key, value, JsonValue::asArray);
    }

    /** The members in order; keys are String, JsonNumber, JsonObject or JsonArray. */
    public Set<Map.Entry<Object, JsonValue>> entries() {
        return Collections.unmodifiableMap(members).entrySet();
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The text of a key: the string itself, a number's digits, or an object key's compact JSON. */
    public static String keyText(Object key) {
        if (key instanceof String text) {
            return text;
        }
        if (key instanceof JsonNumber number) {
            return number.text();
        }
        return JsonWriter.write((JsonValue) key, JsonWriteOptions.FASTJSON);
    }

    @Override
    public JsonObject asObject() {
        return this;
    }

    @Override
    public String describe() {
        return "object with " + members.size() + " members";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonObject that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.write(this, JsonWriteOptions.FASTJSON);
    }

    /** Converts a member, adding its name to a conversion error. */
    private static <T> T convert(String key, JsonValue value, Function<JsonValue, T> conversion) {
        try {
            return conversion.apply(value);
        } catch (JsonException e) {
            throw new JsonException("member '" + key + "': " + e.getMessage());
        }
    }

    private static Object checkKey(Object key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof String
                || key instanceof JsonNumber
                || key instanceof JsonObject
                || key instanceof JsonArray) {
            return key;
        }
        throw new IllegalArgumentException("a key must be a String, JsonNumber, JsonObject or JsonArray: " + key);
    }

    private static boolean looksNumeric(String key) {
        char first = key.charAt(0);
        return first == '-' || (first >= '0' && first <= '9');
    }
}
