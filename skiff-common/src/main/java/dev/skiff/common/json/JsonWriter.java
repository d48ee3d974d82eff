package dev.skiff.common.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prints a JSON tree compactly. Strings escape {@code "} and {@code \\}, control characters as
 * {@code \b \f \n \r \t} or {@code \\u00xx} (lowercase hex, as fastjson2 writes them). Members whose
 * value is JSON null are omitted, as fastjson omits null properties. Output is bounded only by the
 * tree, which the caller built; the depth of the tree is trusted (reader-built trees are bounded by
 * {@link JsonReader.Limits#maxDepth()}).
 */
public final class JsonWriter {
    private static final long MAX_SAFE_LONG = (1L << 53) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Comparator<Object> KEY_ORDER = JsonWriter::compareKeys;

    private final JsonWriteOptions options;
    private final StringBuilder out;

    private JsonWriter(JsonWriteOptions options, StringBuilder out) {
        this.options = options;
        this.out = out;
    }

    public static String write(JsonValue value, JsonWriteOptions options) {
        StringBuilder out = new StringBuilder(128);
        new JsonWriter(options, out).value(value);
        return out.toString();
    }

    public static byte[] toBytes(JsonValue value, JsonWriteOptions options) {
        return write(value, options).getBytes(StandardCharsets.UTF_8);
    }

    private void value(JsonValue value) {
        if (value instanceof JsonObject object) {
            object(object);
        } else if (value instanceof JsonArray array) {
            array(array);
        } else if (value instanceof JsonString string) {
            string(string.value());
        } else if (value instanceof JsonNumber number) {
            number(number);
        } else if (value instanceof JsonBoolean bool) {
            out.append(bool.asString());
        } else {
            out.append("null");
        }
    }

    private void object(JsonObject object) {
        List<Map.Entry<Object, JsonValue>> entries = new ArrayList<>(object.entries());
        if (options.sortKeys()) {
            entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<Object, JsonValue> entry : entries) {
            if (entry.getValue().isNull()) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            key(entry.getKey());
            out.append(':');
            value(entry.getValue());
        }
        out.append('}');
    }

    private void key(Object key) {
        if (key instanceof String text) {
            string(text);
        } else if (key instanceof JsonNumber number) {
            if (options.quoteNumericKeys()) {
                string(number.text());
            } else {
                out.append(number.text());
            }
        } else {
            value((JsonValue) key);
        }
    }

    private void array(JsonArray array) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            value(array.get(i));
        }
        out.append(']');
    }

    private void number(JsonNumber number) {
        if (options.largeLongsAsStrings() && isUnsafeInteger(number)) {
            string(number.text());
        } else {
            out.append(number.text());
        }
    }

    private static boolean isUnsafeInteger(JsonNumber number) {
        if (number.value() instanceof Long l) {
            return l > MAX_SAFE_LONG || l < -MAX_SAFE_LONG;
        }
        if (number.value() instanceof BigDecimal decimal && number.isIntegral()) {
            return decimal.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_LONG)) > 0;
        }
        return false;
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c > 0x7e && options.escapeNonAscii())) {
                        unicodeEscape(c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicodeEscape(char c) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }

    private static int compareKeys(Object a, Object b) {
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != rankB) {
            return Integer.compare(rankA, rankB);
        }
        if (a instanceof String sa) {
            return sa.compareTo((String) b);
        }
        if (a instanceof JsonNumber na) {
            Number x = na.value();
            Number y = ((JsonNumber) b).value();
            if (x instanceof Long lx && y instanceof Long ly) {
                return Long.compare(lx, ly);
            }
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return JsonObject.keyText(a).compareTo(JsonObject.keyText(b));
    }

    private static int rank(Object key) {
        if (key instanceof JsonNumber) {
            return 0;
        }
        return key instanceof String ? 1 : 2;
    }
}
