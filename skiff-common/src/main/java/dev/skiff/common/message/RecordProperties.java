package dev.skiff.common.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view of one record's encoded properties (§5.1: {@code name 0x01 value 0x02}, UTF-8)
 * where they lie in the commit log. The dispatcher reads the tag hash and the index keys through
 * it without building strings: separators are single bytes that UTF-8 never uses inside a
 * multi-byte character, and a Java string hash over an ASCII value equals the hash over its bytes.
 * Only a value with non-ASCII characters is decoded to hash it.
 *
 * <p>Lookup follows {@link MessageProperties#get}: the first piece whose name matches and whose
 * value is not empty.
 */
public final class RecordProperties {
    private static final byte NAME_END = (byte) MessageProperties.NAME_VALUE_SEPARATOR;
    private static final byte PIECE_END = (byte) MessageProperties.PROPERTY_SEPARATOR;

    private ByteBuffer buf;
    private int from;
    private int to;
    private String decoded;

    /** A view of an encoded properties string (tests and callers outside the dispatcher). */
    public static RecordProperties of(String encoded) {
        byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
        RecordProperties p = new RecordProperties();
        p.reset(ByteBuffer.wrap(bytes), 0, bytes.length);
        return p;
    }

    /** Points the view at {@code len} bytes of {@code b} from {@code at}. */
    public void reset(ByteBuffer b, int at, int len) {
        this.buf = b;
        this.from = at;
        this.to = at + len;
        this.decoded = null;
    }

    /** The whole encoded properties string, decoded on first use and kept until the next reset. */
    public String asString() {
        if (decoded == null) {
            decoded = decode(from, to);
        }
        return decoded;
    }

    /** The value of {@code name}, or null; allocates only the value. */
    public String get(String name) {
        int v = valueStart(name);
        return v < 0 ? null : decode(v, valueEnd(v));
    }

    /** The Java string hash of the value of {@code name}, 0 when absent (the tag code rule). */
    public long hashOf(String name) {
        int v = valueStart(name);
        return v < 0 ? 0 : hashRange(0, v, valueEnd(v));
    }

    /**
     * Where the value of {@code name} starts (an absolute buffer position), or -1. Names are
     * compared byte for byte, so only ASCII names can match.
     */
    public int valueStart(String name) {
        int start = from;
        while (start < to) {
            int end = indexOf(PIECE_END, start);
            int sep = indexOf(NAME_END, start);
            if (sep > start && sep < end - 1 && sep - start == name.length() && nameMatches(start, name)) {
                return sep + 1;
            }
            start = end + 1;
        }
        return -1;
    }

    /** Where the value starting at {@code valueStart} ends (exclusive). */
    public int valueEnd(int valueStart) {
        return indexOf(PIECE_END, valueStart);
    }

    /** The byte at absolute position {@code i} (within the view). */
    public byte byteAt(int i) {
        return buf.get(i);
    }

    /**
     * Continues the Java string hash {@code seed} over the characters encoded in [{@code start},
     * {@code end}): {@code 31 * h + c} per character, as {@link String#hashCode()} does.
     */
    public int hashRange(int seed, int start, int end) {
        int h = seed;
        for (int i = start; i < end; i++) {
            byte c = buf.get(i);
            if (c < 0) {
                return hashChars(seed, decode(start, end));
            }
            h = 31 * h + c;
        }
        return h;
    }

    private static int hashChars(int seed, String s) {
        int h = seed;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private boolean nameMatches(int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (buf.get(at + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte target, int start) {
        for (int i = start; i < to; i++) {
            if (buf.get(i) == target) {
                return i;
            }
        }
        return to;
    }

    private String decode(int start, int end) {
        byte[] bytes = new byte[end - start];
        buf.get(start, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
