package dev.skiff.broker.group;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.io.JsonTableFile;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Consumer groups known to the broker, persisted to {@code config/subscriptionGroup.json} in the
 * official form {@code {"dataVersion":{..},"subscriptionGroupTable":{"g":{..}}}}. Reads are
 * lock-free; changes are serialized on this object and written atomically before they return.
 * Whether unknown groups are created on first use is asked at each such use, so it can change
 * while the broker runs ({@code autoCreateSubscriptionGroup}).
 */
public final class SubscriptionGroupTable {
    private final JsonTableFile file;
    private final SkiffClock clock;
    private final BooleanSupplier autoCreate;
    private final int groupsMax;
    private final Map<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    private volatile DataVersion dataVersion = DataVersion.ZERO;

    private SubscriptionGroupTable(Path path, SkiffClock clock, BooleanSupplier autoCreate, int groupsMax) {
        this.file = new JsonTableFile(path);
        this.clock = clock;
        this.autoCreate = autoCreate;
        this.groupsMax = groupsMax;
    }

    /** Loads the table, or starts empty; unknown groups are created on first use when {@code autoCreate}. */
    public static SubscriptionGroupTable open(Path path, SkiffClock clock, boolean autoCreate, int groupsMax)
            throws IOException {
        return open(path, clock, () -> autoCreate, groupsMax);
    }

    /** Loads the table, or starts empty; {@code autoCreate} is asked whenever an unknown group is used. */
    public static SubscriptionGroupTable open(Path path, SkiffClock clock, BooleanSupplier autoCreate, int groupsMax)
            throws IOException {
        SubscriptionGroupTable table = new SubscriptionGroupTable(path, clock, autoCreate, groupsMax);
        FileForm loaded = table.file.read(FileForm::fromJson);
        if (loaded != null) {
            table.groups.putAll(loaded.groups());
            table.dataVersion = loaded.dataVersion();
        }
        return table;
    }

    /**
     * The file form {@code {"dataVersion":..,"subscriptionGroupTable":{name:config}}} decoded (also
     * the GET_ALL_SUBSCRIPTIONGROUP_CONFIG body a slave copies): groups by name, in file order, and
     * the data version ({@link DataVersion#ZERO} when absent).
     */
    public record FileForm(Map<String, SubscriptionGroupConfig> groups, DataVersion dataVersion) {
        public static FileForm fromJson(JsonObject root) {
            Map<String, SubscriptionGroupConfig> groups = new LinkedHashMap<>();
            JsonObject table = root.getObject("subscriptionGroupTable");
            if (table != null) {
                for (Map.Entry<Object, JsonValue> e : table.entries()) {
                    String name = JsonObject.keyText(e.getKey());
                    groups.put(name, SubscriptionGroupConfig.fromJson(e.getValue(), name));
                }
            }
            JsonValue version = root.get("dataVersion");
            return new FileForm(
                    groups, version == null || version.isNull() ? DataVersion.ZERO : DataVersion.fromJson(version));
        }
    }

    /** The group's config, or null. */
    public SubscriptionGroupConfig get(String group) {
        return groups.get(group);
    }

    /**
     * The group's config, created with the defaults when unknown and auto-creation is on; null
     * when unknown and auto-creation is off.
     */
    public SubscriptionGroupConfig findOrCreate(String group) {
        SubscriptionGroupConfig config = groups.get(group);
        if (config != null || !autoCreate.getAsBoolean()) {
            return config;
        }
        synchronized (this) {
            config = groups.get(group);
            if (config != null) {
                return config;
            }
            return createOrUpdate(SubscriptionGroupConfig.defaults(group));
        }
    }

    public synchronized SubscriptionGroupConfig createOrUpdate(SubscriptionGroupConfig config) {
        createOrUpdateAll(List.of(config));
        return groups.get(config.groupName());
    }

    /**
     * Creates or replaces every group of {@code configs} (the last one wins for a name listed twice)
     * and persists the table once. Refuses the whole list, changing nothing, when it would pass the
     * group limit.
     */
    public synchronized void createOrUpdateAll(List<SubscriptionGroupConfig> configs) {
        Map<String, SubscriptionGroupConfig> wanted = new LinkedHashMap<>();
        configs.forEach(c -> wanted.put(c.groupName(), c));
        long added =
                wanted.keySet().stream().filter(g -> !groups.containsKey(g)).count();
        if (added > 0 && groups.size() + added > groupsMax) {
            throw new IllegalStateException("subscription group limit reached: " + groupsMax + " groups");
        }
        boolean changed = false;
        for (SubscriptionGroupConfig config : wanted.values()) {
            changed |= !config.equals(groups.put(config.groupName(), config));
        }
        if (changed) {
            changed();
        }
    }

    /**
     * Makes the table equal to {@code copy} (a slave copying its master's groups): groups missing
     * from it are removed, the others created or replaced, persisted once. Refuses a copy larger
     * than the group limit, changing nothing.
     */
    public synchronized void replaceAll(Map<String, SubscriptionGroupConfig> copy) {
        if (copy.size() > groupsMax) {
            throw new IllegalStateException(
                    "subscription group limit reached: " + groupsMax + " groups, copy has " + copy.size());
        }
        boolean changed = groups.keySet().retainAll(copy.keySet());
        for (SubscriptionGroupConfig config : copy.values()) {
            changed |= !config.equals(groups.put(config.groupName(), config));
        }
        if (changed) {
            changed();
        }
    }

    public synchronized boolean delete(String group) {
        if (groups.remove(group) == null) {
            return false;
        }
        changed();
        return true;
    }

    /** A snapshot sorted by name. */
    public synchronized Collection<SubscriptionGroupConfig> all() { // never half of a replaceAll
        return new TreeMap<>(groups).values();
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** The file form: {@code {"dataVersion":..,"subscriptionGroupTable":{..}}}. */
    public synchronized JsonObject toJson() {
        JsonObject table = new JsonObject();
        new TreeMap<>(groups).forEach((name, config) -> table.put(name, config.toJson()));
        return new JsonObject().put("dataVersion", dataVersion.toJson()).put("subscriptionGroupTable", table);
    }

    private void changed() {
        dataVersion = dataVersion.next(clock.nowMs());
        try {
            file.write(toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.path(), e);
        }
    }
}
