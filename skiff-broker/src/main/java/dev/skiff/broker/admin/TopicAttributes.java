package dev.skiff.broker.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies the attribute changes of a create-topic request to a topic's attributes. The request
 * carries them as text, {@code +key=value} to set and {@code -key} to remove, separated by commas
 * (a key without a sign also sets). Keys and values are bounded so a request cannot grow a topic
 * config without limit.
 */
final class TopicAttributes {
    static final int ATTRIBUTES_MAX = 32;
    static final int TEXT_MAX_CHARS = 256;

    private TopicAttributes() {}

    /**
     * The attributes after the changes; throws {@link IllegalArgumentException} saying what is
     * wrong with the text.
     */
    static Map<String, String> apply(Map<String, String> current, String changes) {
        Map<String, String> result = new LinkedHashMap<>(current);
        if (changes == null || changes.isBlank()) {
            return result;
        }
        for (String item : changes.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("-")) {
                result.remove(checked(entry.substring(1), "attribute key"));
                continue;
            }
            String set = entry.startsWith("+") ? entry.substring(1) : entry;
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "topic attribute '" + shorten(entry) + "' must look like +key=value or -key");
            }
            result.put(
                    checked(set.substring(0, eq), "attribute key"), checked(set.substring(eq + 1), "attribute value"));
        }
        if (result.size() > ATTRIBUTES_MAX) {
            throw new IllegalArgumentException("a topic may have at most " + ATTRIBUTES_MAX + " attributes");
        }
        return result;
    }

    /** Validates stored-form attributes (keys without signs), as sent in a topic-list body. */
    static void check(Map<String, String> attributes) {
        if (attributes.size() > ATTRIBUTES_MAX) {
            throw new IllegalArgumentException("a topic may have at most " + ATTRIBUTES_MAX + " attributes");
        }
        attributes.forEach((k, v) -> {
            checked(k, "attribute key");
            checked(v, "attribute value");
        });
    }

    private static String checked(String text, String what) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() && what.endsWith("key")) {
            throw new IllegalArgumentException("topic " + what + " is empty");
        }
        if (trimmed.length() > TEXT_MAX_CHARS) {
            throw new IllegalArgumentException("topic " + what + " is longer than " + TEXT_MAX_CHARS + " characters");
        }
        return trimmed;
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
