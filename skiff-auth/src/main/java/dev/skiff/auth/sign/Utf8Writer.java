package dev.skiff.auth.sign;

import java.util.Arrays;

/**
 * Appends strings to a reused byte buffer as UTF-8, giving the same bytes as {@code
 * String.getBytes(UTF_8)} of their concatenation: a character below U+0080 is one byte, below
 * U+0800 two, other characters of the basic plane three, a surrogate pair four, and a surrogate
 * without its partner the replacement byte {@code '?'}. A high surrogate at the end of one string
 * pairs with a low surrogate at the start of the next, as it would in the concatenation.
 *
 * <p>The buffer grows as needed; {@link #reset} shrinks it back when it grew past {@code keepMax}
 * bytes. Not thread-safe.
 */
final class Utf8Writer {
    private static final byte REPLACEMENT = '?';

    private final int initialBytes;
    private final int keepMax;
    private byte[] bytes;
    private int length;
    /** A high surrogate waiting for the next character, or 0. */
    private char pendingHigh;

    Utf8Writer(int initialBytes, int keepMax) {
        this.initialBytes = initialBytes;
        this.keepMax = keepMax;
        this.bytes = new byte[initialBytes];
    }

    /** Appends {@code text} (nothing for null). */
    void append(String text) {
        if (text == null) {
            return;
        }
        int n = text.length();
        ensure(length + 3 * n + 4);
        byte[] out = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (pendingHigh != 0) {
                if (Character.isLowSurrogate(c)) {
                    int cp = Character.toCodePoint(pendingHigh, c);
                    pendingHigh = 0;
                    out[at++] = (byte) (0xF0 | (cp >> 18));
                    out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[at++] = (byte) (0x80 | (cp & 0x3F));
                    continue;
                }
                pendingHigh = 0;
                out[at++] = REPLACEMENT;
            }
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                out[at++] = REPLACEMENT;
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
    }

    /** The buffer; valid up to {@link #length()} after a final {@link #finish()}. */
    byte[] bytes() {
        return bytes;
    }

    /** Ends the text: a high surrogate still waiting becomes {@code '?'}. */
    void finish() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            ensure(length + 1);
            bytes[length++] = REPLACEMENT;
        }
    }

    int length() {
        return length;
    }

    /** Empties the writer for the next text, dropping a buffer that grew past the keep bound. */
    void reset() {
        length = 0;
        pendingHigh = 0;
        if (bytes.length > keepMax) {
            bytes = new byte[initialBytes];
        }
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
