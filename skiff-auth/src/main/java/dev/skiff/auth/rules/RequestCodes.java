package dev.skiff.auth.rules;

import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every request code Skiff knows ({@link RequestCode}'s constants, plus the requests of the
 * controller protocol: those a controller peer serves and the two a broker serves in controller
 * mode), by value, with its name.
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
        // codes a controller peer serves
        names.putIfAbsent(ControllerCodes.BROKER_HEARTBEAT, "BROKER_HEARTBEAT");
        names.putIfAbsent(ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET, "CONTROLLER_ALTER_SYNC_STATE_SET");
        names.putIfAbsent(ControllerCodes.CONTROLLER_ELECT_MASTER, "CONTROLLER_ELECT_MASTER");
        names.putIfAbsent(ControllerCodes.CONTROLLER_REGISTER_BROKER, "CONTROLLER_REGISTER_BROKER");
        names.putIfAbsent(ControllerCodes.CONTROLLER_GET_REPLICA_INFO, "CONTROLLER_GET_REPLICA_INFO");
        names.putIfAbsent(ControllerCodes.CONTROLLER_GET_METADATA_INFO, "CONTROLLER_GET_METADATA_INFO");
        names.putIfAbsent(ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA, "CONTROLLER_GET_SYNC_STATE_DATA");
        names.putIfAbsent(ControllerCodes.CLEAN_BROKER_DATA, "CLEAN_BROKER_DATA");
        names.putIfAbsent(ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID, "CONTROLLER_GET_NEXT_BROKER_ID");
        names.putIfAbsent(ControllerCodes.CONTROLLER_APPLY_BROKER_ID, "CONTROLLER_APPLY_BROKER_ID");
        return java.util.Collections.unmodifiableMap(names);
    }
}
