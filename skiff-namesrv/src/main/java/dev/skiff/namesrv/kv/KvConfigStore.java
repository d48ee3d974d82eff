package dev.skiff.namesrv.kv;

import dev.skiff.common.io.JsonTableFile;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key/value configuration by namespace (mqadmin's {@code updateKvConfig}; namespace
 * {@code ORDER_TOPIC_CONFIG} holds order-topic queue layouts).
 *
 * <p>File format, the same as the official name server's {@code kvConfig.json}:
 * {@code {"configTable":{"namespace":{"key":"value"}}}}. Every change is written before the call
 * returns, through {@link JsonTableFile} (temp file, fsync, rename, one backup; a damaged file
 * is replaced by its backup at load). A change that cannot
 * be persisted is rolled back and reported.
 *
 * <p>All methods are synchronized: writes are rare and reads are few (route lookups read the
 * order config only when {@code orderMessageEnable} is on, and their result is cached).
 */
public final class KvConfigStore {
    private static final Logger log = LoggerFactory.getLogger(KvConfigStore.class);
    /** The namespace whose entries give topics a fixed order layout. */
    public static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final JsonTableFile file;
    private final int entriesMax;
    private final Map<String, Map<String, String>> table = new HashMap<>();
    private int entries;
    private volatile long generation;

    private KvConfigStore(Path path, int entriesMax) {
        this.file = new JsonTableFile(path);
        this.entriesMax = entriesMax;
    }

    /** Opens the store, loading the file (or its backup) if present. */
    public static KvConfigStore open(Path path, int entriesMax) throws IOException {
        KvConfigStore store = new KvConfigStore(path, entriesMax);
        store.load();
        return store;
    }

    private void load() throws IOException {
        Map<String, Map<String, String>> loaded = file.read(KvConfigStore::decode);
        if (loaded == null) {
            return;
        }
        table.putAll(loaded);
        entries = loaded.values().stream().mapToInt(Map::size).sum();
        log.info("loaded {} KV config entries from {}", entries, file.path());
    }

    private static Map<String, Map<String, String>> decode(JsonObject root) {
        Map<String, Map<String, String>> namespaces = new HashMap<>();
        JsonObject configTable = root.getObject("configTable");
        if (configTable == null) {
            return namespaces;
        }
        for (Map.Entry<Object, JsonValue> ns : configTable.entries()) {
            Map<String, String> kv = new HashMap<>();
            for (Map.Entry<Object, JsonValue> e : ns.getValue().asObject().entries()) {
                if (!e.getValue().isNull()) {
                    kv.put(JsonObject.keyText(e.getKey()), e.getValue().asString());
                }
            }
            namespaces.put(JsonObject.keyText(ns.getKey()), kv);
        }
        return namespaces;
    }

    /**
     * Sets a value and persists it.
     *
     * @throws IllegalStateException when the store is full
     * @throws UncheckedIOException when the file cannot be written (the change is undone)
     */
    public synchronized void put(String namespace, String key, String value) {
        Map<String, String> kv = table.computeIfAbsent(namespace, n -> new HashMap<>());
        boolean added = !kv.containsKey(key);
        if (added && entries >= entriesMax) {
            if (kv.isEmpty()) {
                table.remove(namespace);
            }
            throw new IllegalStateException("KV config is full (" + entriesMax + " entries)");
        }
        String previous = kv.put(key, value);
        if (added) {
            entries++;
        }
        try {
            persist();
        } catch (IOException e) {
            if (previous == null) {
                kv.remove(key);
                entries--;
            } else {
                kv.put(key, previous);
            }
            throw new UncheckedIOException("cannot persist KV config to " + file.path(), e);
        }
        generation++;
    }

    /** Removes a value; true if it existed. */
    public synchronized boolean delete(String namespace, String key) {
        Map<String, String> kv = table.get(namespace);
        if (kv == null || !kv.containsKey(key)) {
            return false;
        }
        String previous = kv.remove(key);
        entries--;
        if (kv.isEmpty()) {
            table.remove(namespace);
        }
        try {
            persist();
        } catch (IOException e) {
            table.computeIfAbsent(namespace, n -> new HashMap<>()).put(key, previous);
            entries++;
            throw new UncheckedIOException("cannot persist KV config to " + file.path(), e);
        }
        generation++;
        return true;
    }

    public synchronized String get(String namespace, String key) {
        Map<String, String> kv = table.get(namespace);
        return kv == null ? null : kv.get(key);
    }

    /** A copy of one namespace, or null when it has no entries. */
    public synchronized Map<String, String> list(String namespace) {
        Map<String, String> kv = table.get(namespace);
        return kv == null || kv.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(kv));
    }

    /** Incremented on every change; lets caches of derived data notice. */
    public long generation() {
        return generation;
    }

    public synchronized int size() {
        return entries;
    }

    private void persist() throws IOException {
        JsonObject configTable = new JsonObject();
        table.forEach((ns, kv) -> {
            JsonObject values = new JsonObject();
            kv.forEach(values::put);
            configTable.put(ns, values);
        });
        JsonObject root = new JsonObject().put("configTable", configTable);
        file.write(root);
    }
}
