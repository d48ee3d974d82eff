package dev.skiff.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ordered set of {@link ConfigKey}s of one component (the broker, the name server): the one
 * place each key is declared. The order is the order of {@code toProperties}, of GET_*_CONFIG
 * answers and of the generated docs table ({@link #markdownTable()}).
 */
public final class ConfigKeys {
    /** More keys than this in one component is a mistake, not a config. */
    public static final int KEYS_MAX = 1_000;

    private final String component;
    private final Map<String, ConfigKey<?>> keys;

    private ConfigKeys(String component, List<ConfigKey<?>> list) {
        if (list.size() > KEYS_MAX) {
            throw new IllegalArgumentException(component + ": " + list.size() + " keys, at most " + KEYS_MAX);
        }
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (ConfigKey<?> key : list) {
            if (byName.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException(component + ": key '" + key.name() + "' declared twice");
            }
        }
        this.component = component;
        this.keys = Collections.unmodifiableMap(byName);
    }

    /**
     * @param component how errors name the config, e.g. {@code "broker config"}
     */
    public static ConfigKeys of(String component, List<ConfigKey<?>> keys) {
        return new ConfigKeys(component, keys);
    }

    public String component() {
        return component;
    }

    public List<ConfigKey<?>> all() {
        return List.copyOf(keys.values());
    }

    /** The key named so, or null. */
    public ConfigKey<?> get(String name) {
        return keys.get(name);
    }

    public boolean contains(String name) {
        return keys.containsKey(name);
    }

    /** Key names in declaration order. */
    public Set<String> names() {
        return keys.keySet();
    }

    /** Names of the keys that may change while the process runs, in declaration order. */
    public Set<String> liveNames() {
        Set<String> live = new LinkedHashSet<>();
        keys.values().stream().filter(ConfigKey::isLive).forEach(k -> live.add(k.name()));
        return Collections.unmodifiableSet(live);
    }

    /** Every key with its default as text, in declaration order. */
    public Map<String, String> defaultValues() {
        Map<String, String> defaults = new LinkedHashMap<>();
        keys.values().forEach(k -> defaults.put(k.name(), k.defaultText()));
        return Collections.unmodifiableMap(defaults);
    }

    /**
     * A Markdown table of every key: name, default as documented, range,
     * whether it is live, and its doc.
     * Pipes in docs are escaped.
     */
    public String markdownTable() {
        StringBuilder sb = new StringBuilder("| key | default | range | live | meaning |\n|---|---|---|---|---|\n");
        for (ConfigKey<?> k : keys.values()) {
            String shownDefault = k.documentedDefaultText();
            sb.append("| `")
                    .append(k.name())
                    .append("` | ")
                    .append(shownDefault.isEmpty() ? "(empty)" : "`" + escape(shownDefault) + "`")
                    .append(" | ")
                    .append(escape(k.range()))
                    .append(" | ")
                    .append(k.isLive() ? "yes" : "")
                    .append(" | ")
                    .append(escape(k.doc()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
