package dev.skiff.common.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** A JSON array. Not thread-safe. */
public final class JsonArray implements JsonValue, Iterable<JsonValue> {
    private final List<JsonValue> elements = new ArrayList<>();

    public JsonArray add(JsonValue value) {
        elements.add(value == null ? JsonNull.INSTANCE : value);
        return this;
    }

    public JsonArray add(String value) {
        return add(value == null ? JsonNull.INSTANCE : new JsonString(value));
    }

    public JsonArray add(long value) {
        return add(JsonNumber.of(value));
    }

    /** An array of the given strings. */
    public static JsonArray ofStrings(Iterable<String> values) {
        JsonArray array = new JsonArray();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    public JsonValue get(int index) {
        return elements.get(index);
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public List<JsonValue> elements() {
        return Collections.unmodifiableList(elements);
    }

    /** The elements as strings (numbers and booleans give their text); JSON nulls are skipped. */
    public List<String> strings() {
        List<String> result = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            JsonValue element = elements.get(i);
            if (element.isNull()) {
                continue;
            }
            try {
                result.add(element.asString());
            } catch (JsonException e) {
                throw new JsonException("element " + i + ": " + e.getMessage());
            }
        }
        return result;
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return elements().iterator();
    }

    @Override
    public JsonArray asArray() {
        return this;
    }

    @Override
    public String describe() {
        return "array with " + elements.size() + " elements";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonArray that && elements.equals(that.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.write(this, JsonWriteOptions.FASTJSON);
    }
}
