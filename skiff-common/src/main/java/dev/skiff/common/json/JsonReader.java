package dev.skiff.common.json;

import java.math.BigDecimal;
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
 * Anything after the root value other than whitespace is rejected. Input length and nesting depth
 * are bounded by {@link Limits}; errors name the line, column and offset.
 */
public final class JsonReader {

    /**
     * Bounds on what the reader accepts.
     *
     * @param maxDepth deepest nesting of objects and arrays (keys included)
     * @param maxInputChars longest accepted input, in characters
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

    private final String in;
    private final Limits limits;
    private int pos;
    private int depth;

    private JsonReader(String in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    public static JsonValue parse(String text, Limits limits) {
        if (text == null) {
            throw new JsonException("no JSON input (null)", 0);
        }
        if (text.length() > limits.maxInputChars()) {
            throw new JsonException(
                    "JSON input of " + text.length() + " characters exceeds the limit of " + limits.maxInputChars(), 0);
        }
        JsonReader reader = new JsonReader(text, limits);
        return reader.document();
    }

    public static JsonValue parse(byte[] utf8, Limits limits) {
        if (utf8 == null) {
            throw new JsonException("no JSON input (null)", 0);
        }
        if (utf8.length > limits.maxInputChars() * 4L) {
            throw new JsonException("JSON input of " + utf8.length + " bytes exceeds the limit", 0);
        }
        return parse(new String(utf8, StandardCharsets.UTF_8), limits);
    }

    private JsonValue document() {
        if (in.startsWith("\uFEFF")) {
            pos = 1;
        }
        skipWhitespace();
        if (pos >= in.length()) {
            throw error("empty JSON input");
        }
        JsonValue root = value();
        skipWhitespace();
        if (pos < in.length()) {
            throw error("unexpected " + describeHere() + " after the end of the JSON value");
        }
        return root;
    }

    private JsonValue value() {
        char c = peek("a value");
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"', '\'' -> new JsonString(string());
            case 't' -> literal("true", JsonBoolean.TRUE);
            case 'f' -> literal("false", JsonBoolean.FALSE);
            case 'n' -> literal("null", JsonNull.INSTANCE);
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield number();
                }
                throw error("expected a value but found " + describeHere());
            }
        };
    }

    private JsonObject object() {
        enter();
        pos++; // '{'
        JsonObject object = new JsonObject();
        skipWhitespace();
        if (peek("a key or '}'") == '}') {
            pos++;
            depth--;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek("a key or '}'") == '}') { // trailing comma
                pos++;
                break;
            }
            Object key = key();
            skipWhitespace();
            expect(':', "after an object key");
            skipWhitespace();
            object.putKey(key, value());
            skipWhitespace();
            char c = peek("',' or '}'");
            pos++;
            if (c == '}') {
                break;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object but found " + describeHere());
            }
        }
        depth--;
        return object;
    }

    private Object key() {
        char c = peek("a key");
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '{' || c == '[') {
            return value();
        }
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (isUnquotedKeyChar(c)) {
            int start = pos;
            while (pos < in.length() && isUnquotedKeyChar(in.charAt(pos))) {
                pos++;
            }
            return in.substring(start, pos);
        }
        throw error("expected an object key but found " + describeHere());
    }

    private JsonArray array() {
        enter();
        pos++; // '['
        JsonArray array = new JsonArray();
        skipWhitespace();
        if (peek("a value or ']'") == ']') {
            pos++;
            depth--;
            return array;
        }
        while (true) {
            skipWhitespace();
            if (peek("a value or ']'") == ']') { // trailing comma
                pos++;
                break;
            }
            array.add(value());
            skipWhitespace();
            char c = peek("',' or ']'");
            pos++;
            if (c == ']') {
                break;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array but found " + describeHere());
            }
        }
        depth--;
        return array;
    }

    private String string() {
        char quote = in.charAt(pos);
        int start = pos;
        pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= in.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char c = in.charAt(pos);
            if (c == quote) {
                String run = in.substring(runStart, pos);
                pos++;
                return sb == null ? run : sb.append(run).toString();
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(in, runStart, pos);
                pos++;
                sb.append(escape());
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    private char escape() {
        if (pos >= in.length()) {
            throw error("unterminated escape sequence");
        }
        char c = in.charAt(pos++);
        return switch (c) {
            case '"', '\'', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default -> {
                pos--;
                throw error("invalid escape '\\" + c + "'");
            }
        };
    }

    private char unicode() {
        if (pos + 4 > in.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid hex digit in \\u escape: '" + in.charAt(pos + i) + "'");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private JsonNumber number() {
        int start = pos;
        if (in.charAt(pos) == '-') {
            pos++;
        }
        int intDigits = digits();
        if (intDigits == 0) {
            pos = start;
            throw error("invalid number: expected a digit after '-'");
        }
        boolean integral = true;
        if (pos < in.length() && in.charAt(pos) == '.') {
            pos++;
            integral = false;
            if (digits() == 0) {
                throw error("invalid number: expected a digit after '.'");
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            pos++;
            integral = false;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("invalid number: expected a digit in the exponent");
            }
        }
        return toNumber(in.substring(start, pos), integral);
    }

    private static JsonNumber toNumber(String text, boolean integral) {
        if (integral && text.length() <= 18) {
            return new JsonNumber(Long.parseLong(text));
        }
        BigDecimal decimal = new BigDecimal(text);
        if (integral) {
            try {
                return new JsonNumber(decimal.longValueExact());
            } catch (ArithmeticException e) {
                return new JsonNumber(decimal);
            }
        }
        if (decimal.precision() <= 15 && Math.abs(decimal.scale()) < 300) {
            return new JsonNumber(decimal.doubleValue());
        }
        return new JsonNumber(decimal);
    }

    private int digits() {
        int start = pos;
        while (pos < in.length() && isDigit(in.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private JsonValue literal(String word, JsonValue value) {
        if (!in.startsWith(word, pos)) {
            throw error("expected a value but found " + describeHere());
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > limits.maxDepth()) {
            throw error("JSON nested deeper than the limit of " + limits.maxDepth());
        }
    }

    private void expect(char c, String where) {
        if (pos >= in.length() || in.charAt(pos) != c) {
            throw error("expected '" + c + "' " + where + " but found " + describeHere());
        }
        pos++;
    }

    private char peek(String expected) {
        if (pos >= in.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return in.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\b') {
                pos++;
            } else {
                return;
            }
        }
    }

    private String describeHere() {
        if (pos >= in.length()) {
            return "end of input";
        }
        char c = in.charAt(pos);
        return c < 0x20 ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private JsonException error(String message) {
        int line = 1;
        int column = 1;
        int end = Math.min(pos, in.length());
        for (int i = 0; i < end; i++) {
            if (in.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonException(
                "JSON error at line " + line + ", column " + column + " (offset " + pos + "): " + message, pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUnquotedKeyChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || isDigit(c)
                || c == '_'
                || c == '$'
                || c == '-'
                || c == '.'
                || c == '%'
                || c > 0x7f;
    }
}
