package dev.skiff.common.json;

import java.nio.charset.StandardCharsets;

/**
 * A lenient, bounded JSON reader that accepts what fastjson accepts on the RocketMQ wire:
 *
 * <ul>
 *   <li>standard JSON;
 *   <li>unquoted keys ({@code {topic:"t"}}), numeric keys ({@code {0:"a"}}) and object or array
 *       keys ({@code {{"brokerName":"b","queueId":1,"topic":"t"}:42}});
 *   <li>single-quoted strings, {@code \\uXXXX} and the usual escapes, {@code \'};
 *   <li>one trailing comma in an object or array.
 * </ul>
 *
 * Anything after the root value other than whitespace is rejected; a leading UTF-8 byte order mark
 * is skipped. Input length and nesting depth are bounded by {@link Limits}; errors name the line,
 * column and offset. The grammar itself lives in {@link JsonCursor}, which this class drives to
 * build a tree; readers that want no tree use the cursor directly.
 */
public final class JsonReader {

    /**
     * Bounds on what the reader accepts.
     *
     * @param maxDepth deepest nesting of objects and arrays (keys included)
     * @param maxInputChars longest accepted input: characters of a {@code String}, bytes of UTF-8
     *     input
     */
    public record Limits(int maxDepth, int maxInputChars) {
        /** 128 levels, 32 Mi characters: above anything a 16 MiB frame carries. */
        public static final Limits DEFAULT = new Limits(128, 32 * 1024 * 1024);

        public Limits {
            if (maxDepth < 1 || maxInputChars < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxDepth + ", " + maxInputChars);
            }
        }
    }

    private JsonReader() {}

    public static JsonValue parse(String text, Limits limits) {
        if (text == null) {
            throw new JsonException("no JSON input (null)", 0);
        }
        if (text.length() > limits.maxInputChars()) {
            throw new JsonException(
                    "JSON input of " + text.length() + " characters exceeds the limit of " + limits.maxInputChars(), 0);
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // the length was bounded in characters above; its UTF-8 form may be longer
        return document(new JsonCursor(new Limits(limits.maxDepth(), Integer.MAX_VALUE), JsonStrings.PLAIN)
                .reset(utf8, 0, utf8.length));
    }

    public static JsonValue parse(byte[] utf8, Limits limits) {
        if (utf8 == null) {
            throw new JsonException("no JSON input (null)", 0);
        }
        return parse(utf8, 0, utf8.length, limits);
    }

    /** Parses the UTF-8 JSON in {@code utf8[offset, offset + length)}. */
    public static JsonValue parse(byte[] utf8, int offset, int length, Limits limits) {
        return document(new JsonCursor(limits, JsonStrings.PLAIN).reset(utf8, offset, length));
    }

    private static JsonValue document(JsonCursor in) {
        in.skipByteOrderMark();
        if (in.atEnd()) {
            throw in.error("empty JSON input");
        }
        JsonValue root = value(in);
        in.end();
        return root;
    }

    private static JsonValue value(JsonCursor in) {
        return switch (in.peek()) {
            case OBJECT -> object(in);
            case ARRAY -> array(in);
            case STRING -> new JsonString(in.readString());
            case NUMBER -> in.readNumber();
            case BOOLEAN -> JsonBoolean.of(in.readBoolean());
            case NULL -> {
                in.readNull();
                yield JsonNull.INSTANCE;
            }
        };
    }

    private static JsonObject object(JsonCursor in) {
        in.beginObject();
        JsonObject object = new JsonObject();
        while (in.nextMember()) {
            Object key = key(in);
            in.colon();
            object.putKey(key, value(in));
        }
        return object;
    }

    private static Object key(JsonCursor in) {
        if (in.keyIsContainer()) {
            return value(in);
        }
        if (in.keyIsNumber()) {
            return in.readNumber();
        }
        in.readKey();
        return in.key();
    }

    private static JsonArray array(JsonCursor in) {
        in.beginArray();
        JsonArray array = new JsonArray();
        while (in.nextElement()) {
            array.add(value(in));
        }
        return array;
    }
}
