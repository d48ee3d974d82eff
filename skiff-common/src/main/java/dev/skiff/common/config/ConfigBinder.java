package dev.skiff.common.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a component's {@link ConfigKeys} to its immutable config record: one record component per
 * key, same name (a dotted key name in camel case, see {@link #componentName}), same order, same type (checked when the binder is made, so a key declared
 * without its component, or the other way round, fails at class load and in every test).
 *
 * <p>{@link #bind} reads properties: unknown keys are refused by name, absent keys take their
 * default, every value is parsed and checked against its key's bounds with a message naming the
 * key, then the record's canonical constructor runs (where cross-key rules live). {@link
 * #toProperties} renders a record back, in key order, so {@code bind(toProperties(c))} equals
 * {@code c}.
 *
 * @param <R> the config record
 */
public final class ConfigBinder<R extends Record> {
    private final ConfigKeys keys;
    private final Constructor<R> constructor;
    private final List<Method> accessors;
    private final List<ConfigKey<?>> list;

    private ConfigBinder(ConfigKeys keys, Constructor<R> constructor, List<Method> accessors) {
        this.keys = keys;
        this.list = keys.all();
        this.constructor = constructor;
        this.accessors = accessors;
    }

    /**
     * @throws IllegalStateException if the record's components do not match the keys one to one
     */
    public static <R extends Record> ConfigBinder<R> of(Class<R> recordType, ConfigKeys keys) {
        RecordComponent[] components = recordType.getRecordComponents();
        List<ConfigKey<?>> list = keys.all();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < Math.max(components.length, list.size()); i++) {
            String component = i < components.length
                    ? components[i].getName() + ":" + components[i].getType().getSimpleName()
                    : "(none)";
            String key = i < list.size()
                    ? componentName(list.get(i).name()) + ":"
                            + list.get(i).type().getSimpleName()
                    : "(none)";
            if (!component.equals(key)) {
                mismatches.add("#" + i + " component " + component + " vs key " + key);
            }
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalStateException(
                    recordType.getSimpleName() + " components and " + keys.component() + " keys differ: " + mismatches);
        }
        Class<?>[] types = new Class<?>[components.length];
        List<Method> accessors = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            accessors.add(components[i].getAccessor());
        }
        try {
            return new ConfigBinder<>(keys, recordType.getDeclaredConstructor(types), List.copyOf(accessors));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(recordType + " has no canonical constructor", e);
        }
    }

    /**
     * The record component of a key: its name, with a dotted name in camel case ({@code
     * tls.server.mode} → {@code tlsServerMode}), for keys whose official names have dots.
     */
    static String componentName(String keyName) {
        StringBuilder sb = new StringBuilder(keyName.length());
        boolean upper = false;
        for (int i = 0; i < keyName.length(); i++) {
            char c = keyName.charAt(i);
            if (c == '.') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    public ConfigKeys keys() {
        return keys;
    }

    /**
     * Builds a record from properties; absent keys take their defaults.
     *
     * @throws IllegalArgumentException naming the unknown keys, or the key whose value is bad
     */
    public R bind(Properties props) {
        Set<String> unknown = new TreeSet<>();
        for (String name : props.stringPropertyNames()) {
            if (!keys.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + keys.component() + " key(s): " + unknown + "; known keys: "
                    + new TreeSet<>(keys.names()));
        }
        Object[] values = new Object[list.size()];
        for (int i = 0; i < values.length; i++) {
            ConfigKey<?> key = list.get(i);
            String text = props.getProperty(key.name());
            values[i] = text == null ? key.defaultValue() : key.parse(keys.component(), text);
        }
        return construct(values);
    }

    /** Every key with the record's value as text, in key order. */
    public Properties toProperties(R config) {
        Properties props = new Properties();
        for (int i = 0; i < list.size(); i++) {
            props.setProperty(list.get(i).name(), text(i, config));
        }
        return props;
    }

    /** {@code key=value} lines in key order. */
    public String toText(R config) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            sb.append(list.get(i).name()).append('=').append(text(i, config)).append('\n');
        }
        return sb.toString();
    }

    /** Names of the keys whose values differ between two records, in key order. */
    public Set<String> differingKeys(R a, R b) {
        Set<String> differing = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!text(i, a).equals(text(i, b))) {
                differing.add(list.get(i).name());
            }
        }
        return differing;
    }

    private String text(int index, R config) {
        try {
            return list.get(index).format(accessors.get(index).invoke(config));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + list.get(index).name(), e);
        }
    }

    private R construct(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot build " + constructor.getDeclaringClass(), e);
        }
    }
}
