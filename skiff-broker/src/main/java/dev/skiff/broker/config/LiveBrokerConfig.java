package dev.skiff.broker.config;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker's current configuration. Components that use a key changeable at run time ({@link
 * BrokerConfig#LIVE_KEYS}) hold this instead of a {@link BrokerConfig} and call {@link #get} once
 * per request: one volatile read, then plain reads of an immutable record, so one request sees one
 * consistent config. UPDATE_BROKER_CONFIG replaces the config through {@link #set}; the keys not in
 * {@code LIVE_KEYS} have the same value in every config this holder ever holds.
 */
public final class LiveBrokerConfig {
    private volatile BrokerConfig current;

    public LiveBrokerConfig(BrokerConfig initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The config now. */
    public BrokerConfig get() {
        return current;
    }

    /**
     * Makes {@code next} the current config.
     *
     * @throws IllegalArgumentException when a key outside {@link BrokerConfig#LIVE_KEYS} differs
     *     (a caller's bug: the admin editor refuses such changes before it gets here)
     */
    public synchronized void set(BrokerConfig next) {
        Set<String> fixed = new TreeSet<>(current.differingKeys(next));
        fixed.removeAll(BrokerConfig.LIVE_KEYS);
        if (!fixed.isEmpty()) {
            throw new IllegalArgumentException("broker config key(s) " + fixed + " cannot change at run time");
        }
        current = next;
    }
}
