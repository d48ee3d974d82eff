package dev.skiff.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters of one API call: the URL's query string, or the members of a JSON request
 * body. Bounded: at most {@value #PARAMS_MAX} parameters of at most {@value #VALUE_MAX_CHARS}
 * characters each (a test message's body comes through its own limit).
 */
final class Params {
    static final int PARAMS_MAX = 32;
    static final int VALUE_MAX_CHARS = 1 << 20;

    private final Map<String, String> values;

    Params(Map<String, String> values) {
        if (values.size() > PARAMS_MAX) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "more than " + PARAMS_MAX + " parameters");
        }
        this.values = Map.copyOf(values);
    }

    /** Parses {@code a=1&b=x%20y}; a name without '=' has the empty value. */
    static Params ofQuery(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", PARAMS_MAX + 2)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.put(name, value);
            }
        }
        return new Params(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "bad URL encoding");
        }
    }

    /** The value, or null when absent or blank. */
    String optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The value; absent or blank is a 400 naming the parameter. */
    String required(String name) {
        String v = optional(name);
        if (v == null) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "parameter '" + name + "' is required");
        }
        return v;
    }

    /** An integer in {@code min..max}; absent gives {@code defaultValue}. */
    int intValue(String name, int defaultValue, int min, int max) {
        long v = longValue(name, defaultValue, min, max);
        return (int) v;
    }

    long longValue(String name, long defaultValue, long min, long max) {
        String text = optional(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(text);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConsoleException(
                    ConsoleException.BAD_REQUEST, "parameter '" + name + "' must be an integer " + min + ".." + max);
        }
    }

    boolean flag(String name) {
        String v = optional(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }
}
