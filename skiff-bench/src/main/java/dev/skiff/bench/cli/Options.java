package dev.skiff.bench.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of a bench command, checked against the names it accepts. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options() {}

    static Options parse(String[] args, int from, Set<String> known) {
        Options o = new Options();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("expected --option, got " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: " + known + ")");
            }
            o.values.put(name, value);
        }
        return o;
    }

    String string(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** A heap size for {@code -Xms}/{@code -Xmx}, like {@code 512m} or {@code 1g}. */
    String heap(String name, String otherwise) {
        String h = string(name, otherwise);
        if (!h.matches("[0-9]+[mg]")) {
            throw new IllegalArgumentException("--" + name + " must be like 512m or 1g: " + h);
        }
        return h;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    int integer(String name, int otherwise, int min, int max) {
        String v = values.get(name);
        int n;
        try {
            n = v == null ? otherwise : Integer.parseInt(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number: " + v);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ": " + n);
        }
        return n;
    }

    /** "15s", "500ms", "2m" or plain seconds. */
    Duration duration(String name, Duration otherwise) {
        String v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 15s, 500ms or 2m: " + v);
        }
    }
}
