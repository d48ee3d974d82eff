package dev.skiff.broker.admin;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.protocol.body.DataVersion;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The broker's configuration as the admin requests see it: the current values (GET_BROKER_CONFIG)
 * and run-time changes (UPDATE_BROKER_CONFIG).
 *
 * <p>Skiff's components take their settings once, at start, so most keys cannot change while the
 * broker runs. A key can change only if the assembly registered an applier for it ({@code
 * liveKeys}); an update is all or nothing and is refused when it names an unknown key, a value that
 * does not validate, or a different value for a key without an applier. Setting a key to its
 * current value is always accepted. Accepted changes are not written back to the config file.
 */
public final class BrokerConfigEditor {
    /** Largest properties text accepted, bytes. */
    static final int BODY_MAX_BYTES = 64 * 1024;

    private final SkiffClock clock;
    private final Map<String, Consumer<BrokerConfig>> liveKeys;
    private BrokerConfig current;
    private DataVersion version;

    /** What an update did. {@code problem} is null when it was applied. */
    record Outcome(Kind kind, String problem) {
        enum Kind {
            APPLIED,
            INVALID,
            NOT_AT_RUN_TIME
        }
    }

    public BrokerConfigEditor(BrokerConfig initial, SkiffClock clock, Map<String, Consumer<BrokerConfig>> liveKeys) {
        this.current = initial;
        this.clock = clock;
        this.liveKeys = Map.copyOf(liveKeys);
        this.version = DataVersion.ZERO.next(clock.nowMs());
    }

    public synchronized BrokerConfig current() {
        return current;
    }

    public synchronized DataVersion version() {
        return version;
    }

    /** Applies the properties text, or explains why not. */
    synchronized Outcome update(String text) {
        Properties changes = new Properties();
        try {
            changes.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(Outcome.Kind.INVALID, "the body is not properties text: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>();
        for (String key : changes.stringPropertyNames()) {
            if (!BrokerConfig.defaultValues().containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            return new Outcome(Outcome.Kind.INVALID, "unknown broker config key(s): " + unknown);
        }
        BrokerConfig next;
        try {
            next = current.with(changes);
        } catch (IllegalArgumentException e) {
            return new Outcome(Outcome.Kind.INVALID, e.getMessage());
        }
        Properties before = current.toProperties();
        Properties after = next.toProperties();
        Set<String> fixed = new TreeSet<>();
        for (String key : changes.stringPropertyNames()) {
            if (!Objects.equals(before.getProperty(key), after.getProperty(key)) && !liveKeys.containsKey(key)) {
                fixed.add(key);
            }
        }
        if (!fixed.isEmpty()) {
            return new Outcome(
                    Outcome.Kind.NOT_AT_RUN_TIME,
                    "broker config key(s) " + fixed + " cannot change while the broker runs; set them in the"
                            + " broker's config file and restart it (keys changeable at run time: "
                            + new TreeSet<>(liveKeys.keySet()) + ")");
        }
        if (!next.equals(current)) {
            for (String key : changes.stringPropertyNames()) {
                Consumer<BrokerConfig> applier = liveKeys.get(key);
                if (applier != null) {
                    applier.accept(next);
                }
            }
            current = next;
            version = version.next(clock.nowMs());
        }
        return new Outcome(Outcome.Kind.APPLIED, null);
    }
}
