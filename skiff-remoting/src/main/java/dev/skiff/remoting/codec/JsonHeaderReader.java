package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a JSON command header as leniently as fastjson does for official peers: members in any
 * order, unknown members skipped, quoted, single-quoted or unquoted keys, numbers and booleans
 * inside {@code extFields} turned into strings, {@code serializeTypeCurrentRPC} optional, {@code
 * \}{@code uXXXX} escapes and raw UTF-8. Everything it reads lies inside the header bytes it was
 * given, so no string or map can outgrow the frame. One instance per connection (not
 * thread-safe): it keeps a {@link StringCache}.
 */
public final class JsonHeaderReader {
    private static final int MAX_DEPTH = 32;
    private static final byte[] K_CODE = ascii("code");
    private static final byte[] K_EXT_FIELDS = ascii("extFields");
    private static final byte[] K_FLAG = ascii("flag");
    private static final byte[] K_LANGUAGE = ascii("language");
    private static final byte[] K_OPAQUE = ascii("opaque");
    private static final byte[] K_REMARK = ascii("remark");
    private static final byte[] K_VERSION = ascii("version");

    private final StringCache cache;
    private byte[] b;
    private int pos;
    private int end;
    // Bounds of the last key read, or of a decoded key string when it had escapes.
    private int keyStart;
    private int keyEnd;
    private String escapedKey;

    JsonHeaderReader(StringCache cache) {
        this.cache = cache;
    }

    public JsonHeaderReader() {
        this(new StringCache());
    }

    /** Decodes the header in {@code bytes[offset, offset + length)}. */
    public RemotingCommand read(byte[] bytes, int offset, int length) throws MalformedFrameException {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
        try {
            RemotingCommand cmd = RemotingCommand.decoded();
            skipWhitespace();
            expect('{');
            readMembers(cmd);
            return cmd;
        } finally {
            this.b = null;
        }
    }

    private void readMembers(RemotingCommand cmd) throws MalformedFrameException {
        while (true) {
            skipWhitespace();
            byte c = peek();
            if (c == '}') {
                pos++;
                return;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            readKey();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (keyIs(K_CODE)) {
                cmd.code(readIntValue());
            } else if (keyIs(K_EXT_FIELDS)) {
                cmd.extFields(readStringMap());
            } else if (keyIs(K_FLAG)) {
                cmd.flag(readIntValue());
            } else if (keyIs(K_LANGUAGE)) {
                cmd.language(readLanguage());
            } else if (keyIs(K_OPAQUE)) {
                cmd.opaque(readIntValue());
            } else if (keyIs(K_REMARK)) {
                cmd.remark(readScalarAsString());
            } else if (keyIs(K_VERSION)) {
                cmd.version(readIntValue());
            } else {
                skipValue(0);
            }
        }
    }

    private LanguageCode readLanguage() throws MalformedFrameException {
        byte c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            return LanguageCode.fromCode(readIntValue());
        }
        return LanguageCode.fromName(readScalarAsString());
    }

    /** A JSON object of string values; numbers and booleans become their text, nulls are skipped. */
    private Map<String, String> readStringMap() throws MalformedFrameException {
        if (peek() == 'n') {
            expectLiteral("null");
            return null;
        }
        expect('{');
        Map<String, String> map = new HashMap<>();
        while (true) {
            skipWhitespace();
            byte c = peek();
            if (c == '}') {
                pos++;
                return map;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            readKey();
            String key = escapedKey != null ? escapedKey : cache.get(b, keyStart, keyEnd - keyStart);
            skipWhitespace();
            expect(':');
            skipWhitespace();
            c = peek();
            String value;
            if (c == '{' || c == '[') {
                int start = pos;
                skipValue(0);
                value = new String(b, start, pos - start, StandardCharsets.UTF_8);
            } else {
                value = readScalarAsString();
            }
            if (value != null) {
                map.put(key, value);
            }
        }
    }

    /** A string, or the text of a number/boolean, or {@code null} for the literal null. */
    private String readScalarAsString() throws MalformedFrameException {
        byte c = peek();
        if (c == '"' || c == '\'') {
            return readString();
        }
        if (c == 'n') {
            expectLiteral("null");
            return null;
        }
        int start = pos;
        while (pos < end && isTokenChar(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw malformed("unexpected character");
        }
        return cache.get(b, start, pos - start);
    }

    private int readIntValue() throws MalformedFrameException {
        byte c = peek();
        if (c == '"' || c == '\'') {
            String s = readString();
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw malformed("not an integer");
            }
        }
        if (c == 'n') {
            expectLiteral("null");
            return 0;
        }
        boolean negative = c == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            value = value * 10 + (b[pos++] - '0');
            if (++digits > 10) {
                throw malformed("integer too long");
            }
        }
        if (digits == 0) {
            throw malformed("integer expected");
        }
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw malformed("integer out of range");
        }
        return (int) value;
    }

    /** Reads a key: quoted, single-quoted or a bare identifier. Sets keyStart/keyEnd or escapedKey. */
    private void readKey() throws MalformedFrameException {
        escapedKey = null;
        byte c = peek();
        if (c == '"' || c == '\'') {
            int start = pos + 1;
            int close = scanPlainString(c);
            if (close >= 0) {
                keyStart = start;
                keyEnd = close;
                pos = close + 1;
            } else {
                escapedKey = readString();
            }
            return;
        }
        int start = pos;
        while (pos < end && isTokenChar(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw malformed("member name expected");
        }
        keyStart = start;
        keyEnd = pos;
    }

    private boolean keyIs(byte[] name) {
        if (escapedKey != null) {
            return escapedKey.equals(new String(name, StandardCharsets.US_ASCII));
        }
        int length = keyEnd - keyStart;
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[keyStart + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Index of the closing quote when the string at pos has no escapes, else -1. */
    private int scanPlainString(byte quote) throws MalformedFrameException {
        for (int i = pos + 1; i < end; i++) {
            byte c = b[i];
            if (c == quote) {
                return i;
            }
            if (c == '\\') {
                return -1;
            }
        }
        throw malformed("unterminated string");
    }

    private String readString() throws MalformedFrameException {
        byte quote = b[pos];
        int close = scanPlainString(quote);
        if (close >= 0) {
            String s = cache.get(b, pos + 1, close - pos - 1);
            pos = close + 1;
            return s;
        }
        return readEscapedString(quote);
    }

    private String readEscapedString(byte quote) throws MalformedFrameException {
        StringBuilder sb = new StringBuilder(Math.min(end - pos, 256));
        int runStart = ++pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == quote) {
                sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
                pos++;
                return sb.toString();
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
            if (pos + 1 >= end) {
                break;
            }
            byte e = b[pos + 1];
            pos += 2;
            switch (e) {
                case 'u' -> sb.append(readHex4());
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'x' -> sb.append(readHex2());
                default -> sb.append((char) e);
            }
            runStart = pos;
        }
        throw malformed("unterminated string");
    }

    private char readHex4() throws MalformedFrameException {
        if (pos + 4 > end) {
            throw malformed("short unicode escape");
        }
        int v = hex(b[pos]) << 12 | hex(b[pos + 1]) << 8 | hex(b[pos + 2]) << 4 | hex(b[pos + 3]);
        pos += 4;
        return (char) v;
    }

    private char readHex2() throws MalformedFrameException {
        if (pos + 2 > end) {
            throw malformed("short hex escape");
        }
        int v = hex(b[pos]) << 4 | hex(b[pos + 1]);
        pos += 2;
        return (char) v;
    }

    private int hex(byte c) throws MalformedFrameException {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw malformed("bad hex digit");
    }

    private void skipValue(int depth) throws MalformedFrameException {
        if (depth > MAX_DEPTH) {
            throw malformed("nested too deep");
        }
        skipWhitespace();
        byte c = peek();
        if (c == '"' || c == '\'') {
            int close = scanPlainString(c);
            if (close >= 0) {
                pos = close + 1;
            } else {
                readEscapedString(c);
            }
        } else if (c == '{' || c == '[') {
            byte close = c == '{' ? (byte) '}' : (byte) ']';
            pos++;
            while (true) {
                skipWhitespace();
                byte d = peek();
                if (d == close) {
                    pos++;
                    return;
                }
                if (d == ',' || d == ':') {
                    pos++;
                    continue;
                }
                skipValue(depth + 1);
            }
        } else {
            int start = pos;
            while (pos < end && isTokenChar(b[pos])) {
                pos++;
            }
            if (pos == start) {
                throw malformed("unexpected character");
            }
        }
    }

    private static boolean isTokenChar(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '$'
                || c == '-'
                || c == '+'
                || c == '.';
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() throws MalformedFrameException {
        if (pos >= end) {
            throw malformed("unexpected end of header");
        }
        return b[pos];
    }

    private void expect(char c) throws MalformedFrameException {
        if (peek() != c) {
            throw malformed("'" + c + "' expected");
        }
        pos++;
    }

    private void expectLiteral(String literal) throws MalformedFrameException {
        for (int i = 0; i < literal.length(); i++) {
            if (pos >= end || b[pos] != literal.charAt(i)) {
                throw malformed(literal + " expected");
            }
            pos++;
        }
    }

    private MalformedFrameException malformed(String problem) {
        return new MalformedFrameException("bad JSON header at byte " + pos + ": " + problem);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
