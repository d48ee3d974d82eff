package dev.skiff.namesrv.route;

import dev.skiff.remoting.protocol.body.JsonForm;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encoded route bodies by topic and JSON form. An entry is valid while the registry generation
 * and the KV generation it was built at are current, so no explicit invalidation is needed for
 * table changes; {@link #clear()} handles settings that change how routes look. Bounded: when
 * {@code topicsMax} entries are held the cache is emptied and refills.
 */
public final class RouteCache {
    private record Entry(long routeGeneration, long kvGeneration, byte[] body) {}

    private final int topicsMax;
    private final ConcurrentHashMap<String, Entry> defaultForm = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> standardForm = new ConcurrentHashMap<>();

    public RouteCache(int topicsMax) {
        this.topicsMax = topicsMax;
    }

    /** The cached body if it was built at these generations, else null. The array must not be modified. */
    public byte[] get(String topic, JsonForm form, long routeGeneration, long kvGeneration) {
        Entry entry = map(form).get(topic);
        if (entry == null || entry.routeGeneration != routeGeneration || entry.kvGeneration != kvGeneration) {
            return null;
        }
        return entry.body;
    }

    public void put(String topic, JsonForm form, long routeGeneration, long kvGeneration, byte[] body) {
        if (topicsMax == 0) {
            return;
        }
        ConcurrentHashMap<String, Entry> map = map(form);
        if (map.size() >= topicsMax) {
            map.clear();
        }
        map.put(topic, new Entry(routeGeneration, kvGeneration, body));
    }

    public void clear() {
        defaultForm.clear();
        standardForm.clear();
    }

    public int size() {
        return defaultForm.size() + standardForm.size();
    }

    private ConcurrentHashMap<String, Entry> map(JsonForm form) {
        return form == JsonForm.STANDARD ? standardForm : defaultForm;
    }
}
