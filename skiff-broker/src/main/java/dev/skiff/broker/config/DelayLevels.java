package dev.skiff.broker.config;

import java.util.Locale;

/**
 * Parses the {@code messageDelayLevel} text: space-separated durations, each a positive number
 * with unit {@code s}, {@code m}, {@code h} or {@code d}; level 1 is the first. At most 64 levels.
 */
public final class DelayLevels {
    public static final String DEFAULT = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";
    public static final int LEVELS_MAX = 64;

    private DelayLevels() {}

    /** The delay of each level in ms; index 0 is level 1. */
    public static long[] parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty() || parts.length > LEVELS_MAX) {
            throw new IllegalArgumentException(
                    "broker config 'messageDelayLevel' must list 1.." + LEVELS_MAX + " durations: '" + text + "'");
        }
        long[] ms = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ms[i] = parseOne(parts[i], text);
        }
        return ms;
    }

    private static long parseOne(String part, String text) {
        String p = part.toLowerCase(Locale.ROOT);
        char unit = p.charAt(p.length() - 1);
        long scale = switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> -1;
        };
        try {
            long n = scale < 0 ? -1 : Long.parseLong(p.substring(0, p.length() - 1));
            if (n <= 0 || n > 365) {
                throw new NumberFormatException();
            }
            return n * scale;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "broker config 'messageDelayLevel' has a bad duration '" + part + "' in '" + text + "'");
        }
    }
}
