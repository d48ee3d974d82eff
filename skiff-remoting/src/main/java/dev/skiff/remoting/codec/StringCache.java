package dev.skiff.remoting.codec;

import dev.skiff.common.json.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns short UTF-8 byte ranges into strings, returning the same {@code String} for bytes seen
 * before. Header keys and many values (topic, group, "0", "false") repeat on every frame, so this
 * removes most of the decoder's garbage. A direct-mapped table: a miss simply replaces the slot.
 * Owned by one decoder, so by one thread. It is the {@link JsonStrings} of the decoder's JSON header
 * reader too.
 */
final class StringCache implements JsonStrings {
    static final int MAX_CACHED_BYTES = 48;
    private static final int SLOTS = 1024;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    @Override
    public String decode(byte[] bytes, int offset, int length) {
        return get(bytes, offset, length);
    }

    String get(byte[] bytes, int offset, int length) {
        if (length > MAX_CACHED_BYTES) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int hash = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] cached = keys[slot];
        if (cached != null
                && cached.length == length
                && Arrays.equals(cached, 0, length, bytes, offset, offset + length)) {
            return values[slot];
        }
        String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        values[slot] = value;
        return value;
    }
}
