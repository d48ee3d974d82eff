package dev.skiff.store.dispatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Topic names seen by the dispatcher, so that each record's topic bytes map to a string without
 * building one: an open-addressing table keyed by the bytes, compared byte for byte on a hit.
 * Bounded: names longer than {@link #NAME_MAX_BYTES} are decoded every time, and the table is
 * emptied when it is three-quarters full. One thread only.
 */
final class TopicNames {
    static final int NAME_MAX_BYTES = 255;
    private static final int SLOTS = 8192;
    private static final int FILL_MAX = SLOTS * 3 / 4;

    private final String[] names = new String[SLOTS];
    private final byte[][] encoded = new byte[SLOTS][];
    private final int[] hashes = new int[SLOTS];
    private int filled;

    /** The topic encoded in {@code len} bytes of {@code b} from {@code at}. */
    String name(ByteBuffer b, int at, int len) {
        if (len > NAME_MAX_BYTES) {
            return decode(b, at, len);
        }
        int h = 1;
        for (int i = 0; i < len; i++) {
            h = 31 * h + b.get(at + i);
        }
        int slot = mix(h) & (SLOTS - 1);
        while (names[slot] != null) {
            if (hashes[slot] == h && same(encoded[slot], b, at, len)) {
                return names[slot];
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        byte[] bytes = copy(b, at, len);
        String name = new String(bytes, StandardCharsets.UTF_8);
        if (filled >= FILL_MAX) {
            java.util.Arrays.fill(names, null);
            java.util.Arrays.fill(encoded, null);
            filled = 0;
            slot = mix(h) & (SLOTS - 1);
        }
        names[slot] = name;
        encoded[slot] = bytes;
        hashes[slot] = h;
        filled++;
        return name;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private static boolean same(byte[] known, ByteBuffer b, int at, int len) {
        if (known.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (known[i] != b.get(at + i)) {
                return false;
            }
        }
        return true;
    }

    private static String decode(ByteBuffer b, int at, int len) {
        return new String(copy(b, at, len), StandardCharsets.UTF_8);
    }

    private static byte[] copy(ByteBuffer b, int at, int len) {
        byte[] bytes = new byte[len];
        b.get(at, bytes, 0, len);
        return bytes;
    }
}
