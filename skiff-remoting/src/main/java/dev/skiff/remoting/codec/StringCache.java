package dev.skiff.remoting.codec;

import dev.skiff.common.json.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns short UTF-8 byte ranges into strings, returning the same {@code String} for bytes seen
 * before. Header keys and many values (topic, group, "0", "false") repeat on every frame, so this
 * removes most of the decoder's garbage. A direct-mapped table. A value that misses an empty slot
 * takes it; one that misses a taken slot takes it only when it is the same value (by hash) as the
 * slot's last miss, so a value seen once — a request's {@code Signature}, a timestamp — never
 * evicts one that repeats, and two values that share a slot trade it after two sightings each.
 * Leaving one-off values out matters beyond the hit rate: every admission stores a fresh
 * object into this long-lived table (a reference from old objects to young ones that the
 * collector must track), once per signed request at full load. Each slot keeps its value's hash,
 * so a miss is found without reading the cached bytes (a signed request's one-off value lands on
 * a random, usually cold, slot). Owned by one decoder, so by one thread. It is the {@link JsonStrings} of the decoder's JSON header
 * reader too.
 */
final class StringCache implements JsonStrings {
    static final int MAX_CACHED_BYTES = 48;
    private static final int SLOTS = 1024;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    /** Per slot, the hash of the cached value. */
    private final int[] hashes = new int[SLOTS];
    /** Per slot, the hash of the last value that missed it while it was taken (0: none yet). */
    private final int[] lastMiss = new int[SLOTS];

    @Override
    public String decode(byte[] bytes, int offset, int length) {
        return get(bytes, offset, length);
    }

    String get(byte[] bytes, int offset, int length) {
        if (length > MAX_CACHED_BYTES) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int hash = hash(bytes, offset, length);
        int slot = slotOf(hash);
        // the slot's hash first: a one-off value is told apart without touching the cached bytes,
        // which are cold in the CPU cache when the slot is not one of the hot ones
        if (hashes[slot] == hash) {
            byte[] cached = keys[slot];
            if (cached != null
                    && cached.length == length
                    && Arrays.equals(cached, 0, length, bytes, offset, offset + length)) {
                return values[slot];
            }
        }
        String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (keys[slot] == null || lastMiss[slot] == hash) {
            keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
            values[slot] = value;
            hashes[slot] = hash;
        } else {
            lastMiss[slot] = hash;
        }
        return value;
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int hash = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    private static int slotOf(int hash) {
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    /** The slot the bytes map to (for tests). */
    static int slotOf(byte[] bytes, int offset, int length) {
        return slotOf(hash(bytes, offset, length));
    }
}
