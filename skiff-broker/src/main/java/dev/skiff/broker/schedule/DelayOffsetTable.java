package dev.skiff.broker.schedule;

import dev.skiff.common.io.JsonTableFile;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far delivery has got in each delay level: the schedule-topic queue offset of the next
 * message to deliver, per level. Persisted to {@code config/delayOffset.json} in the official form
 * {@code {"offsetTable":{1:12,2:0}}} (keys are levels, unquoted). Written by the delivery thread,
 * persisted by whoever calls {@link #persist()}; entries are atomic, so a persist racing a
 * delivery records the value before or after it and at most that one message is delivered again
 * after a crash.
 */
public final class DelayOffsetTable {
    private final JsonTableFile file;
    private final AtomicLongArray offsets;
    private volatile boolean dirty;

    private DelayOffsetTable(Path path, int levels) {
        this.file = new JsonTableFile(path);
        this.offsets = new AtomicLongArray(levels);
    }

    /**
     * Loads the table (or its backup, if it is damaged), or starts at 0 for every level. Levels in the file beyond {@code levels}
     * (the configuration shrank) are ignored.
     */
    public static DelayOffsetTable open(Path path, int levels) throws IOException {
        DelayOffsetTable table = new DelayOffsetTable(path, levels);
        Map<Integer, Long> loaded = table.file.read(DelayOffsetTable::decode);
        if (loaded != null) {
            loaded.forEach((level, offset) -> {
                if (level >= 1 && level <= levels && offset >= 0) {
                    table.offsets.set(level - 1, offset);
                }
            });
        }
        return table;
    }

    private static Map<Integer, Long> decode(JsonObject root) {
        Map<Integer, Long> levels = new TreeMap<>();
        JsonObject table = root.getObject("offsetTable");
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                levels.put(
                        Integer.parseInt(JsonObject.keyText(e.getKey()).trim()),
                        e.getValue().asLong());
            }
        }
        return levels;
    }

    /** The next offset to deliver in {@code level} (1-based). */
    public long get(int level) {
        return offsets.get(level - 1);
    }

    /** Records that delivery of {@code level} continues at {@code offset}. */
    public void set(int level, long offset) {
        if (offsets.getAndSet(level - 1, offset) != offset) {
            dirty = true;
        }
    }

    public int levels() {
        return offsets.length();
    }

    /** The file form. */
    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        for (int i = 0; i < offsets.length(); i++) {
            table.putKey(JsonNumber.of(i + 1), JsonNumber.of(offsets.get(i)));
        }
        return new JsonObject().put("offsetTable", table);
    }

    /** Writes the file if anything changed since the last write. */
    public void persist() throws IOException {
        if (!dirty) {
            return;
        }
        dirty = false;
        try {
            file.write(toJson());
        } catch (IOException | RuntimeException e) {
            dirty = true;
            throw e;
        }
    }
}
