package dev.skiff.common.config;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values from Java properties against a table of known keys and their defaults, with
 * errors that name the component and the key ({@code "broker config 'listenPort' is not an
 * integer: 'x'"}). Unknown keys are refused when the reader is made, so a typo in a config file
 * fails at start-up instead of being ignored.
 */
public final class ConfigReader {
    private final String component;
    private final Map<String, String> defaults;
    private final Properties props;

    /**
     * @param component how errors name the config, e.g. {@code "broker config"}
     * @param defaults every known key with its default, as text
     * @throws IllegalArgumentException listing the unknown keys, if any
     */
    public ConfigReader(String component, Map<String, String> defaults, Properties props) {
        this.component = component;
        this.defaults = defaults;
        this.props = props;
        Set<String> unknown = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (!defaults.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + component + " key(s): " + unknown + "; known keys: "
                    + new TreeSet<>(defaults.keySet()));
        }
    }

    /** The value, or the key's default, trimmed. */
    public String string(String key) {
        return props.getProperty(key, defaults.get(key)).trim();
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw notAnInteger(key);
        }
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw notAnInteger(key);
        }
    }

    public boolean bool(String key) {
        String value = string(key);
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(component + " '" + key + "' must be true or false: '" + value + "'");
    }

    private IllegalArgumentException notAnInteger(String key) {
        return new IllegalArgumentException(component + " '" + key + "' is not an integer: '" + string(key) + "'");
    }
}
