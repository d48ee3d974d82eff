package dev.skiff.common.json;

import java.nio.charset.StandardCharsets;

/** Entry points: parse with default limits, print in fastjson's default form. */
public final class Json {
    private Json() {}

    public static JsonValue parse(String text) {
        return JsonReader.parse(text, JsonReader.Limits.DEFAULT);
    }

    public static JsonValue parse(byte[] utf8) {
        return JsonReader.parse(utf8, JsonReader.Limits.DEFAULT);
    }

    /** Parses and requires an object at the root. */
    public static JsonObject parseObject(byte[] utf8) {
        JsonValue value = parse(utf8);
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new JsonException("expected a JSON object but found " + value.describe(), 0);
    }

    public static String write(JsonValue value) {
        return JsonWriter.write(value, JsonWriteOptions.FASTJSON);
    }

    public static String write(JsonValue value, JsonWriteOptions options) {
        return JsonWriter.write(value, options);
    }

    public static byte[] toBytes(JsonValue value, JsonWriteOptions options) {
        return write(value, options).getBytes(StandardCharsets.UTF_8);
    }
}
