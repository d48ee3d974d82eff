package dev.skiff.common.json;

/**
 * One JSON value. The {@code as...} conversions are as lenient as fastjson's bean binding: a
 * string holding a number reads as that number, a number reads as its text; anything else that
 * does not fit throws {@link JsonException} naming what was found.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** The text of a string, or the literal text of a number or boolean. */
    default String asString() {
        throw mismatch("a string");
    }

    default long asLong() {
        throw mismatch("an integer");
    }

    default int asInt() {
        long value = asLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new JsonException("expected a 32-bit integer but found " + value);
        }
        return (int) value;
    }

    default double asDouble() {
        throw mismatch("a number");
    }

    default boolean asBoolean() {
        throw mismatch("a boolean");
    }

    default JsonObject asObject() {
        throw mismatch("an object");
    }

    default JsonArray asArray() {
        throw mismatch("an array");
    }

    default boolean isNull() {
        return false;
    }

    /** Short description for error messages, e.g. {@code string "abc"}. */
    String describe();

    private JsonException mismatch(String expected) {
        return new JsonException("expected " + expected + " but found " + describe());
    }

    /** Wraps a Java value: String, Number, Boolean, null, or an existing JsonValue. */
    static JsonValue of(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof String text) {
            return new JsonString(text);
        }
        if (value instanceof Boolean bool) {
            return JsonBoolean.of(bool);
        }
        if (value instanceof Number number) {
            return JsonNumber.of(number);
        }
        throw new IllegalArgumentException(
                "not a JSON value: " + value.getClass().getName());
    }
}
