package dev.skiff.common.message;

import java.util.HashMap;
import java.util.Map;

/**
 * The properties string of a message (protocol sheet §5.1): for each entry {@code name 0x01 value
 * 0x02}. Entries with a null value are skipped on encode; on decode, pieces shorter than three
 * characters or whose first separator is at either end are ignored.
 */
public final class MessageProperties {
    /** Separates a name from its value. */
    public static final char NAME_VALUE_SEPARATOR = 1;
    /** Ends each entry. */
    public static final char PROPERTY_SEPARATOR = 2;
    /** Encoded properties must fit the signed 16-bit length of the stored layout. */
    public static final int ENCODED_MAX_BYTES = Short.MAX_VALUE;

    /** Business keys, space-separated; indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The tag the consume-queue hash code is computed from. */
    public static final String TAGS = "TAGS";
    /** The client message id; indexed for query by id. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    /** "true" when the producer waits for the store result. */
    public static final String WAIT = "WAIT";

    private MessageProperties() {}

    /** Encodes a map; names and values must not contain the two separator characters. */
    public static String encode(Map<String, String> properties) {
        StringBuilder sb = new StringBuilder(64);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            requireNoSeparator(e.getKey());
            requireNoSeparator(e.getValue());
            sb.append(e.getKey())
                    .append(NAME_VALUE_SEPARATOR)
                    .append(e.getValue())
                    .append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /** Decodes a properties string; never throws on malformed input, it drops bad pieces. */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> map = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return map;
        }
        int start = 0;
        int len = encoded.length();
        while (start < len) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            addPiece(map, encoded, start, end);
            start = end + 1;
        }
        return map;
    }

    /** Returns the value of {@code name} without building a map, or null. */
    public static String get(String encoded, String name) {
        if (encoded == null) {
            return null;
        }
        int start = 0;
        int len = encoded.length();
        while (start < len) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            int sep = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (sep > start
                    && sep < end - 1
                    && sep - start == name.length()
                    && encoded.regionMatches(start, name, 0, name.length())) {
                return encoded.substring(sep + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    private static void addPiece(Map<String, String> map, String s, int start, int end) {
        if (end - start < 3) {
            return;
        }
        int sep = s.indexOf(NAME_VALUE_SEPARATOR, start);
        if (sep <= start || sep >= end - 1) {
            return;
        }
        map.put(s.substring(start, sep), s.substring(sep + 1, end));
    }

    private static void requireNoSeparator(String s) {
        if (s.indexOf(NAME_VALUE_SEPARATOR) >= 0 || s.indexOf(PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("property name or value contains a separator char");
        }
    }
}
