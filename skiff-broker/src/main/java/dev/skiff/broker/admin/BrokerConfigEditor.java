package dev.skiff.broker.admin;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.config.RuntimeConfigFile;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.protocol.body.DataVersion;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's configuration as the admin requests see it: the current values (GET_BROKER_CONFIG)
 * and run-time changes (UPDATE_BROKER_CONFIG).
 *
 * <p>Only the keys of {@link BrokerConfig#LIVE_KEYS} can change while the broker runs; the
 * components that use them read the {@link LiveBrokerConfig} per request. Some keys also need an
 * {@link Effect} beyond that (a new registration with the name servers, new retention settings in
 * the store), which the assembly registers per key.
 *
 * <p>An update is all or nothing: it is refused, changing nothing, when it names an unknown key, a
 * value that does not validate, a value an effect refuses, or a different value for a key that is
 * not live. Setting a key to its current value is always accepted and changes nothing. An accepted
 * update replaces the config in the holder, bumps the version, saves the run-time values to the
 * {@link RuntimeConfigFile} (never to the user's config file), runs the effects of the keys that
 * changed, each effect once, and is logged once. The broker reads that file at its next start, so
 * the change survives a restart. When the save or an effect fails, the change has still taken
 * effect in memory and the outcome says what failed.
 */
public final class BrokerConfigEditor {
    private static final Logger log = LoggerFactory.getLogger(BrokerConfigEditor.class);
    /** Largest properties text accepted, bytes. */
    static final int BODY_MAX_BYTES = 64 * 1024;

    private final LiveBrokerConfig live;
    private final RuntimeConfigFile saved;
    private final SkiffClock clock;
    private final Map<String, Effect> effects;
    private volatile DataVersion version;

    /** What a change of one live key must do beyond the config holder. */
    @FunctionalInterface
    public interface Effect {
        /**
         * Makes {@code next} take effect; runs after the holder holds {@code next}. Must not block
         * on the network (hand such work to its owner's thread).
         */
        void apply(BrokerConfig next);

        /** Why {@code next} cannot take effect, or null; asked before anything changes. */
        default String refusal(BrokerConfig next) {
            return null;
        }
    }

    /** What an update did. {@code problem} is null when it was applied. */
    record Outcome(Kind kind, String problem) {
        enum Kind {
            APPLIED,
            INVALID,
            NOT_AT_RUN_TIME,
            /**
             * The config changed in memory, but an effect or the save to the run-time config file
             * failed; {@code problem} says which.
             */
            EFFECT_FAILED
        }
    }

    /**
     * @param saved where accepted changes are saved for the next start
     * @param effects what each live key does beyond the holder, by key; keys without one are only
     *     read per request
     */
    public BrokerConfigEditor(
            LiveBrokerConfig live, RuntimeConfigFile saved, SkiffClock clock, Map<String, Effect> effects) {
        Set<String> notLive = new TreeSet<>(effects.keySet());
        notLive.removeAll(BrokerConfig.LIVE_KEYS);
        if (!notLive.isEmpty()) {
            throw new IllegalArgumentException("effects for keys that are not live: " + notLive);
        }
        this.live = live;
        this.saved = saved;
        this.clock = clock;
        this.effects = Map.copyOf(effects);
        this.version = DataVersion.ZERO.next(clock.nowMs());
    }

    public BrokerConfig current() {
        return live.get();
    }

    public DataVersion version() {
        return version;
    }

    /**
     * Applies the properties text, or explains why not.
     *
     * @param requester who asked (the admin client's address), for the log
     */
    synchronized Outcome update(String text, String requester) {
        Properties changes = new Properties();
        try {
            changes.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(Outcome.Kind.INVALID, "the body is not properties text: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(changes.stringPropertyNames());
        unknown.removeAll(BrokerConfig.defaultValues().keySet());
        if (!unknown.isEmpty()) {
            return new Outcome(Outcome.Kind.INVALID, "unknown broker config key(s): " + unknown);
        }
        BrokerConfig current = live.get();
        BrokerConfig next;
        try {
            next = current.with(changes);
        } catch (IllegalArgumentException e) {
            return new Outcome(Outcome.Kind.INVALID, e.getMessage());
        }
        Set<String> changed = current.differingKeys(next);
        Set<String> fixed = new TreeSet<>(changed);
        fixed.removeAll(BrokerConfig.LIVE_KEYS);
        if (!fixed.isEmpty()) {
            return new Outcome(
                    Outcome.Kind.NOT_AT_RUN_TIME,
                    "broker config key(s) " + fixed + " cannot change while the broker runs; set them in the"
                            + " broker's config file and restart it (keys changeable at run time: "
                            + new TreeSet<>(BrokerConfig.LIVE_KEYS) + ")");
        }
        if (changed.isEmpty()) {
            return new Outcome(Outcome.Kind.APPLIED, null);
        }
        Set<Effect> toRun = new LinkedHashSet<>();
        for (String key : changed) {
            Effect effect = effects.get(key);
            if (effect == null) {
                continue;
            }
            String refusal = effect.refusal(next);
            if (refusal != null) {
                return new Outcome(Outcome.Kind.INVALID, refusal);
            }
            toRun.add(effect);
        }
        live.set(next);
        version = version.next(clock.nowMs());
        List<String> failures = new ArrayList<>();
        save(next, failures);
        log.info(
                "broker config changed by {}: {}{}",
                requester,
                describe(changed, next),
                failures.isEmpty() ? " (saved to " + saved.path() + ")" : "");
        runEffects(toRun, next, failures);
        if (failures.isEmpty()) {
            return new Outcome(Outcome.Kind.APPLIED, null);
        }
        return new Outcome(
                Outcome.Kind.EFFECT_FAILED,
                "the broker config changed, but not everything took effect: " + String.join("; ", failures));
    }

    private void save(BrokerConfig next, List<String> failures) {
        try {
            saved.save(next);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "could not write the run-time config file {}; the change will not survive a restart",
                    saved.path(),
                    e);
            failures.add("writing the run-time config file " + saved.path() + " failed, so the change will not"
                    + " survive a restart: " + e);
        }
    }

    /** Runs every effect even when one fails, so one failure does not hold back the others. */
    private static void runEffects(Set<Effect> toRun, BrokerConfig next, List<String> failures) {
        for (Effect effect : toRun) {
            try {
                effect.apply(next);
            } catch (RuntimeException e) {
                log.warn("a broker config change did not take full effect", e);
                failures.add(e.toString());
            }
        }
    }

    private static String describe(Set<String> keys, BrokerConfig config) {
        Properties values = config.toProperties();
        List<String> pairs = new ArrayList<>(keys.size());
        for (String key : keys) {
            pairs.add(key + "=" + values.getProperty(key));
        }
        return String.join(", ", pairs);
    }
}
