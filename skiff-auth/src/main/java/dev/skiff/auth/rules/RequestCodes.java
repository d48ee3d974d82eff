package dev.skiff.auth.rules;

import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every request code Skiff knows ({@link RequestCode}'s constants, plus the two controller-mode
 * codes a broker serves), by value, with its name.
 */
public final class RequestCodes {
    /** The controller's request for a broker's epoch cache (the broker's controller-mode processor). */
    static final int GET_BROKER_EPOCH_CACHE = 1007;

    private static final Map<Integer, String> NAMES = load();

    private RequestCodes() {}

    /** Code → constant name, in code order. */
    public static Map<Integer, String> names() {
        return NAMES;
    }

    static Iterable<Integer> all() {
        return NAMES.keySet();
    }

    /** The constant name of {@code code}, or the number. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, Integer.toString(code));
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new TreeMap<>();
        for (Field field : RequestCode.class.getFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() == int.class && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read RequestCode." + field.getName(), e);
                }
            }
        }
        // codes a broker serves in controller mode, kept outside RequestCode
        names.putIfAbsent(GET_BROKER_EPOCH_CACHE, "GET_BROKER_EPOCH_CACHE");
        names.putIfAbsent(ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED, "NOTIFY_BROKER_ROLE_CHANGED");
        return java.util.Collections.unmodifiableMap(names);
    }
}
