package dev.skiff.namesrv.config;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** The current {@link NamesrvConfig}; UPDATE_NAMESRV_CONFIG swaps in a new one. Thread-safe. */
public final class LiveConfig {
    private final AtomicReference<NamesrvConfig> current;

    public LiveConfig(NamesrvConfig initial) {
        this.current = new AtomicReference<>(initial);
    }

    public NamesrvConfig get() {
        return current.get();
    }

    /**
     * Applies changes to dynamic keys.
     *
     * @throws IllegalStateException for keys that need a restart
     * @throws IllegalArgumentException for unknown keys or bad values
     */
    public NamesrvConfig update(Properties changes) {
        Set<String> fixed = new TreeSet<>();
        for (String key : changes.stringPropertyNames()) {
            if (NamesrvConfig.defaultValues().containsKey(key) && !NamesrvConfig.DYNAMIC_KEYS.contains(key)) {
                fixed.add(key);
            }
        }
        if (!fixed.isEmpty()) {
            throw new IllegalStateException("name server config key(s) " + fixed
                    + " cannot change at run time; changeable: " + new TreeSet<>(NamesrvConfig.DYNAMIC_KEYS));
        }
        return current.updateAndGet(config -> config.with(changes));
    }
}
