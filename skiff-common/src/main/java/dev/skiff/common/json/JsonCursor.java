package dev.skiff.common.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A pull reader over UTF-8 JSON bytes: the one place where Skiff's lenient JSON grammar lives.
 * {@link JsonReader} builds trees with it; a reader that wants a few members and no tree (the
 * remoting header codec) walks the input member by member and skips the rest.
 *
 * <p>The grammar is what fastjson accepts from RocketMQ peers: standard JSON; unquoted keys
 * ({@code {topic:"t"}}), numeric keys ({@code {0:"a"}}) and object or array keys ({@code
 * {{"brokerName":"b","queueId":1,"topic":"t"}:42}}); single-quoted strings, {@code \\uXXXX} and
 * the usual escapes, {@code \'}; one trailing comma in an object or array. Whitespace is space,
 * tab, CR, LF, form feed and backspace.
 *
 * <p>Bounds ({@link JsonReader.Limits}): the input length in bytes, checked by {@link #reset},
 * and the nesting depth of objects and arrays (keys included), checked on every {@code begin}.
 * Everything read lies inside the given byte range. Errors are {@link JsonException}s naming the
 * line, column (in characters) and byte offset from the start of the range.
 *
 * <p>Use: {@link #reset} onto a range, then for an object {@link #beginObject()} and {@code while
 * (nextMember()) { readKey(); colon(); ...read or skip the value... }}; arrays likewise with
 * {@link #beginArray()} and {@link #nextElement()}. One cursor may be reused for many inputs by
 * one thread; it is not thread-safe.
 */
public final class JsonCursor {
    /** What the next value is, from its first character. */
    public enum Kind {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    private static final int MAX_INTEGER_DIGITS = 18;

    private final JsonReader.Limits limits;
    private final JsonStrings strings;
    private byte[] b;
    private int start;
    private int pos;
    private int end;
    private int depth;
    // true after a value (or a closed container) inside the innermost container: a ',' or the close is due
    private boolean needComma;
    // the last key read: its bytes b[keyStart, keyEnd), or its decoded text when it had escapes
    private int keyStart;
    private int keyEnd;
    private String escapedKey;

    public JsonCursor(JsonReader.Limits limits, JsonStrings strings) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.strings = Objects.requireNonNull(strings, "strings");
    }

    /**
     * Points the cursor at {@code bytes[offset, offset + length)}.
     *
     * @throws JsonException when {@code length} exceeds {@link JsonReader.Limits#maxInputChars()}
     */
    public JsonCursor reset(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length > limits.maxInputChars()) {
            throw new JsonException(
                    "JSON input of " + length + " bytes exceeds the limit of " + limits.maxInputChars(), 0);
        }
        this.b = bytes;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
        this.depth = 0;
        this.needComma = false;
        this.escapedKey = null;
        return this;
    }

    /** Drops the reference to the input. */
    public void release() {
        this.b = null;
    }

    /** The byte offset of the cursor from the start of the range. */
    public int position() {
        return pos - start;
    }

    /** The text of the bytes between two {@link #position()}s (a raw value, say). */
    public String text(int from, int to) {
        return new String(b, start + from, to - from, StandardCharsets.UTF_8);
    }

    /** Steps over a UTF-8 byte order mark at the cursor, if there is one. */
    public void skipByteOrderMark() {
        if (end - pos >= 3 && b[pos] == (byte) 0xEF && b[pos + 1] == (byte) 0xBB && b[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /** Whether only whitespace is left. */
    public boolean atEnd() {
        skipWhitespace();
        return pos >= end;
    }

    /** Requires that only whitespace is left. */
    public void end() {
        if (!atEnd()) {
            throw error("unexpected " + describeHere() + " after the end of the JSON value");
        }
    }

    /** The kind of the value ahead, after whitespace. */
    public Kind peek() {
        skipWhitespace();
        byte c = peekByte("a value");
        if (c == '"') { // the usual case first
            return Kind.STRING;
        }
        return switch (c) {
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case '"', '\'' -> Kind.STRING;
            case 't', 'f' -> Kind.BOOLEAN;
            case 'n' -> Kind.NULL;
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield Kind.NUMBER;
                }
                throw error("expected a value but found " + describeHere());
            }
        };
    }

    public void beginObject() {
        open('{', "an object");
    }

    /**
     * Moves past the ',' before the next member of the current object; false when the object
     * ends here (its '}', after an optional trailing comma, is consumed).
     */
    public boolean nextMember() {
        return next('}', "a key or '}'", "',' or '}'", "an object");
    }

    public void beginArray() {
        open('[', "an array");
    }

    /** As {@link #nextMember()}, for the elements of the current array. */
    public boolean nextElement() {
        return next(']', "a value or ']'", "',' or ']'", "an array");
    }

    /** Whether the key ahead is an object or an array (a fastjson object key: read it as a value). */
    public boolean keyIsContainer() {
        skipWhitespace();
        byte c = peekByte("a key");
        return c == '{' || c == '[';
    }

    /** Whether the key ahead is a number (read it with {@link #readNumber()} or {@link #readKey()}). */
    public boolean keyIsNumber() {
        skipWhitespace();
        byte c = peekByte("a key");
        return c == '-' || isDigit(c);
    }

    /** Reads a quoted, unquoted or numeric key; see {@link #keyIs} and {@link #key()}. */
    public void readKey() {
        skipWhitespace();
        escapedKey = null;
        byte c = peekByte("a key");
        if (c == '"' || c == '\'') {
            int close = plainStringEnd(c);
            if (close >= 0) {
                keyStart = pos + 1;
                keyEnd = close;
                pos = close + 1;
            } else {
                escapedKey = escapedString();
            }
        } else if (c == '-' || isDigit(c)) {
            keyStart = pos;
            scanNumber();
            keyEnd = pos;
        } else if (isUnquotedKeyChar(c)) {
            keyStart = pos;
            while (pos < end && isUnquotedKeyChar(b[pos])) {
                pos++;
            }
            keyEnd = pos;
        } else {
            throw error("expected an object key but found " + describeHere());
        }
    }

    /** Whether the last key read is exactly these ASCII bytes; allocates nothing. */
    public boolean keyIs(byte[] ascii) {
        if (escapedKey != null) {
            return escapedKey.equals(new String(ascii, StandardCharsets.US_ASCII));
        }
        int length = keyEnd - keyStart;
        if (length != ascii.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[keyStart + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** The text of the last key read. */
    public String key() {
        return escapedKey != null ? escapedKey : strings.decode(b, keyStart, keyEnd - keyStart);
    }

    /** The ':' between a key and its value. */
    public void colon() {
        skipWhitespace();
        if (pos >= end || b[pos] != ':') {
            throw error("expected ':' after an object key but found " + describeHere());
        }
        pos++;
    }

    public String readString() {
        skipWhitespace();
        byte quote = peekByte("a string");
        if (quote != '"' && quote != '\'') {
            throw error("expected a string but found " + describeHere());
        }
        int close = plainStringEnd(quote);
        String s;
        if (close >= 0) {
            s = strings.decode(b, pos + 1, close - pos - 1);
            pos = close + 1;
        } else {
            s = escapedString();
        }
        needComma = true;
        return s;
    }

    public JsonNumber readNumber() {
        int from = numberStart();
        boolean integral = scanNumber();
        return toNumber(new String(b, from, pos - from, StandardCharsets.ISO_8859_1), integral);
    }

    /**
     * The integer ahead (no fraction, no exponent), read straight from the bytes; at most 18
     * digits, so any such value fits a {@code long}.
     */
    public long readInteger() {
        int from = numberStart();
        if (!scanNumber()) {
            pos = from;
            throw error("expected an integer but found a decimal number");
        }
        int i = b[from] == '-' ? from + 1 : from;
        if (pos - i > MAX_INTEGER_DIGITS) {
            pos = from;
            throw error("integer of more than " + MAX_INTEGER_DIGITS + " digits");
        }
        long value = 0;
        for (; i < pos; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return b[from] == '-' ? -value : value;
    }

    /** The number ahead exactly as written. */
    public String readNumberText() {
        int from = numberStart();
        scanNumber();
        return strings.decode(b, from, pos - from);
    }

    public boolean readBoolean() {
        skipWhitespace();
        if (literal("true")) {
            return true;
        }
        if (literal("false")) {
            return false;
        }
        throw error("expected a value but found " + describeHere());
    }

    public void readNull() {
        skipWhitespace();
        if (!literal("null")) {
            throw error("expected a value but found " + describeHere());
        }
    }

    /** Reads the value ahead, whatever it is, and drops it (bounded by the depth limit). */
    public void skipValue() {
        switch (peek()) {
            case OBJECT -> {
                beginObject();
                while (nextMember()) {
                    if (keyIsContainer()) {
                        skipValue();
                    } else {
                        readKey();
                    }
                    colon();
                    skipValue();
                }
            }
            case ARRAY -> {
                beginArray();
                while (nextElement()) {
                    skipValue();
                }
            }
            case STRING -> {
                int close = plainStringEnd(b[pos]);
                if (close >= 0) {
                    pos = close + 1;
                } else {
                    escapedString();
                }
                needComma = true;
            }
            case NUMBER -> {
                scanNumber();
            }
            case BOOLEAN -> readBoolean();
            case NULL -> readNull();
        }
    }

    /** An error at the cursor, naming line, column and offset. */
    public JsonException error(String message) {
        int line = 1;
        int column = 1;
        int upTo = Math.min(pos, end);
        for (int i = start; i < upTo; i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else if ((b[i] & 0xC0) != 0x80) { // continuation bytes do not start a character
                column++;
            }
        }
        int offset = pos - start;
        return new JsonException(
                "JSON error at line " + line + ", column " + column + " (offset " + offset + "): " + message, offset);
    }

    private void open(char c, String what) {
        skipWhitespace();
        if (pos >= end || b[pos] != c) {
            throw error("expected " + what + " but found " + describeHere());
        }
        if (++depth > limits.maxDepth()) {
            throw error("JSON nested deeper than the limit of " + limits.maxDepth());
        }
        pos++;
        needComma = false;
    }

    private boolean next(char close, String first, String separator, String container) {
        skipWhitespace();
        if (needComma) {
            byte c = peekByte(separator);
            if (c == close) {
                return close();
            }
            if (c != ',') {
                throw error("expected " + separator + " in " + container + " but found " + describeHere());
            }
            pos++;
            skipWhitespace();
        }
        if (peekByte(first) == close) { // empty, or after a trailing comma
            return close();
        }
        return true;
    }

    private boolean close() {
        pos++;
        depth--;
        needComma = true;
        return false;
    }

    /** Index of the closing quote when the string at pos has no escapes, else -1. */
    private int plainStringEnd(byte quote) {
        for (int i = pos + 1; i < end; i++) {
            byte c = b[i];
            if (c == quote) {
                return i;
            }
            if (c == '\\') {
                return -1;
            }
        }
        throw error("unterminated string");
    }

    private String escapedString() {
        int open = pos;
        byte quote = b[pos++];
        StringBuilder sb = new StringBuilder(Math.min(end - pos, 256));
        int run = pos;
        while (true) {
            if (pos >= end) {
                pos = open;
                throw error("unterminated string");
            }
            byte c = b[pos];
            if (c == quote) {
                sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                pos++;
                sb.append(escape());
                run = pos;
            } else {
                pos++;
            }
        }
    }

    private char escape() {
        if (pos >= end) {
            throw error("unterminated escape sequence");
        }
        byte c = b[pos++];
        return switch (c) {
            case '"', '\'', '\\', '/' -> (char) c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default -> {
                pos--;
                throw error("invalid escape '\\" + printable(c) + "'");
            }
        };
    }

    private char unicode() {
        if (pos + 4 > end) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(b[pos + i]);
            if (digit < 0) {
                throw error("invalid hex digit in \\u escape: '" + printable(b[pos + i]) + "'");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private int numberStart() {
        skipWhitespace();
        byte c = peekByte("a number");
        if (c != '-' && !isDigit(c)) {
            throw error("expected a number but found " + describeHere());
        }
        return pos;
    }

    /** Moves over a number; true when it has no fraction and no exponent. */
    private boolean scanNumber() {
        int from = pos;
        if (b[pos] == '-') {
            pos++;
        }
        if (digits() == 0) {
            pos = from;
            throw error("invalid number: expected a digit after '-'");
        }
        boolean integral = true;
        if (pos < end && b[pos] == '.') {
            pos++;
            integral = false;
            if (digits() == 0) {
                throw error("invalid number: expected a digit after '.'");
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            integral = false;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("invalid number: expected a digit in the exponent");
            }
        }
        needComma = true;
        return integral;
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
        int from = pos;
        while (pos < end && isDigit(b[pos])) {
            pos++;
        }
        return pos - from;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        needComma = true;
        return true;
    }

    private byte peekByte(String expected) {
        if (pos >= end) {
            throw error("unexpected end of input, expected " + expected);
        }
        return b[pos];
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c > ' ' || !(c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\b')) {
                return; // one comparison for the usual case, a printable character
            }
            pos++;
        }
    }

    private String describeHere() {
        if (pos >= end) {
            return "end of input";
        }
        byte c = b[pos];
        if (c >= 0) {
            return c < 0x20 ? String.format("character U+%04X", (int) c) : "'" + (char) c + "'";
        }
        int length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        return "'" + new String(b, pos, Math.min(length, end - pos), StandardCharsets.UTF_8) + "'";
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02X", c & 0xFF);
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUnquotedKeyChar(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || isDigit(c)
                || c == '_'
                || c == '$'
                || c == '-'
                || c == '.'
                || c == '%'
                || c < 0; // a byte of a non-ASCII character
    }
}
