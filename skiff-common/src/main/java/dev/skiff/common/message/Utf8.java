package dev.skiff.common.message;

import java.nio.ByteBuffer;

/** UTF-8 length and encoding of a {@link CharSequence} straight into a buffer, without allocating. */
public final class Utf8 {
    private Utf8() {}

    /** Number of bytes the UTF-8 encoding of {@code s} takes; unpaired surrogates count as '?'. */
    public static int encodedLength(CharSequence s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes the UTF-8 bytes of {@code s} at absolute index {@code pos}; returns the byte count. */
    public static int write(CharSequence s, ByteBuffer dst, int pos) {
        int p = pos;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst.put(p++, (byte) c);
            } else if (c < 0x800) {
                dst.put(p++, (byte) (0xC0 | (c >> 6)));
                dst.put(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst.put(p++, (byte) (0xF0 | (cp >> 18)));
                dst.put(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                dst.put(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                dst.put(p++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                dst.put(p++, (byte) '?');
            } else {
                dst.put(p++, (byte) (0xE0 | (c >> 12)));
                dst.put(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                dst.put(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return p - pos;
    }
}
