package dev.skiff.remoting.codec;

import dev.skiff.common.json.JsonCursor;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonReader;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a JSON command header into a {@link RemotingCommand}, walking it with the common {@link
 * JsonCursor} (so it accepts the same lenient fastjson grammar as every other Skiff JSON reader)
 * without building a tree. On top of the grammar it does what fastjson's binding does for
 * official peers: members in any order, unknown members skipped, {@code code}/{@code flag}/{@code
 * opaque}/{@code version} as numbers or numeric strings ({@code null} is 0), {@code language} by
 * name or code, numbers and booleans inside {@code extFields} turned into their text, nested
 * values there kept as their raw JSON text, {@code null} members dropped. Anything after the
 * closing brace is ignored.
 *
 * <p>Bounds: everything it reads lies inside the header bytes it was given, so no string or map
 * can outgrow the frame; nesting is at most {@link #LIMITS}' depth (root object included). Bad
 * input is a {@link MalformedFrameException} naming the byte offset in the header. One instance
 * per connection (not thread-safe): it keeps a {@link StringCache}.
 */
public final class JsonHeaderReader {
    /** 32 levels; a header is at most 2^24 - 1 bytes (its length field has 24 bits). */
    static final JsonReader.Limits LIMITS = new JsonReader.Limits(32, 0xFFFFFF);

    private static final byte[] K_CODE = ascii("code");
    private static final byte[] K_EXT_FIELDS = ascii("extFields");
    private static final byte[] K_FLAG = ascii("flag");
    private static final byte[] K_LANGUAGE = ascii("language");
    private static final byte[] K_OPAQUE = ascii("opaque");
    private static final byte[] K_REMARK = ascii("remark");
    private static final byte[] K_VERSION = ascii("version");

    private final JsonCursor json;

    JsonHeaderReader(StringCache cache) {
        this.json = new JsonCursor(LIMITS, cache);
    }

    public JsonHeaderReader() {
        this(new StringCache());
    }

    /** Decodes the header in {@code bytes[offset, offset + length)}. */
    public RemotingCommand read(byte[] bytes, int offset, int length) throws MalformedFrameException {
        try {
            json.reset(bytes, offset, length);
            RemotingCommand cmd = RemotingCommand.decoded();
            json.beginObject();
            while (json.nextMember()) {
                json.readKey();
                json.colon();
                readMember(cmd);
            }
            return cmd;
        } catch (JsonException e) {
            throw new MalformedFrameException("bad JSON header: " + e.getMessage());
        } finally {
            json.release();
        }
    }

    private void readMember(RemotingCommand cmd) throws MalformedFrameException {
        if (json.keyIs(K_CODE)) {
            cmd.code(readInt());
        } else if (json.keyIs(K_EXT_FIELDS)) {
            cmd.extFields(readStringMap());
        } else if (json.keyIs(K_FLAG)) {
            cmd.flag(readInt());
        } else if (json.keyIs(K_LANGUAGE)) {
            cmd.language(readLanguage());
        } else if (json.keyIs(K_OPAQUE)) {
            cmd.opaque(readInt());
        } else if (json.keyIs(K_REMARK)) {
            cmd.remark(readScalarAsString());
        } else if (json.keyIs(K_VERSION)) {
            cmd.version(readInt());
        } else {
            json.skipValue();
        }
    }

    private LanguageCode readLanguage() throws MalformedFrameException {
        if (json.peek() == JsonCursor.Kind.NUMBER) {
            return LanguageCode.fromCode(readInt());
        }
        return LanguageCode.fromName(readScalarAsString());
    }

    /** A JSON object of string values; numbers and booleans become their text, nulls are skipped. */
    private Map<String, String> readStringMap() throws MalformedFrameException {
        if (json.peek() == JsonCursor.Kind.NULL) {
            json.readNull();
            return null;
        }
        json.beginObject();
        Map<String, String> map = new HashMap<>();
        while (json.nextMember()) {
            json.readKey();
            String key = json.key();
            json.colon();
            JsonCursor.Kind kind = json.peek();
            String value;
            if (kind == JsonCursor.Kind.OBJECT || kind == JsonCursor.Kind.ARRAY) {
                int from = json.position();
                json.skipValue();
                value = json.text(from, json.position());
            } else {
                value = readScalarAsString(kind);
            }
            if (value != null) {
                map.put(key, value);
            }
        }
        return map;
    }

    /** A string, or the text of a number/boolean, or {@code null} for the literal null. */
    private String readScalarAsString() throws MalformedFrameException {
        return readScalarAsString(json.peek());
    }

    private String readScalarAsString(JsonCursor.Kind kind) throws MalformedFrameException {
        return switch (kind) {
            case STRING -> json.readString();
            case NUMBER -> json.readNumberText();
            case BOOLEAN -> json.readBoolean() ? "true" : "false";
            case NULL -> {
                json.readNull();
                yield null;
            }
            case OBJECT, ARRAY -> throw malformed("a string, number, boolean or null expected");
        };
    }

    private int readInt() throws MalformedFrameException {
        switch (json.peek()) {
            case STRING -> {
                String s = json.readString();
                try {
                    return Integer.parseInt(s.trim());
                } catch (NumberFormatException e) {
                    throw malformed("not an integer");
                }
            }
            case NULL -> {
                json.readNull();
                return 0;
            }
            case NUMBER -> {
                long value = json.readInteger();
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    throw malformed("integer out of range");
                }
                return (int) value;
            }
            default -> throw malformed("integer expected");
        }
    }

    private MalformedFrameException malformed(String problem) {
        return new MalformedFrameException("bad JSON header at byte " + json.position() + ": " + problem);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
