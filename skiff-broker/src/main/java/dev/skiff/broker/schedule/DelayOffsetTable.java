package dev.skiff.broker.schedule;

import dev.skiff.common.io.AtomicFile;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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
    private final AtomicFile file;
    private final AtomicLongArray offsets;
    private volatile boolean dirty;

    private DelayOffsetTable(Path path, int levels) {
        this.file = new AtomicFile(path);
        this.offsets = new AtomicLongArray(levels);
    }

    /**
     * Loads the table, or starts at 0 for every level. Levels in the file beyond {@code levels}
     * (the configuration shrank) are ignored.
     */
    public static DelayOffsetTable open(Path path, int levels) throws IOException {
        DelayOffsetTable table = new DelayOffsetTable(path, levels);
        byte[] content = table.file.read();
        if (content != null) {
            table.load(content);
        }
        return table;
    }

    private void load(byte[] content) {
        try {
            JsonObject root =
                    JsonReader.parse(content, JsonReader.Limits.DEFAULT).asObject();
            JsonObject table = root.getObject("offsetTable");
            if (table == null) {
                return;
            }
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                int level = Integer.parseInt(JsonObject.keyText(e.getKey()).trim());
                long offset = e.getValue().asLong();
                if (level >= 1 && level <= offsets.length() && offset >= 0) {
                    offsets.set(level - 1, offset);
                }
            }
        } catch (JsonException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + file.path() + ": " + e.getMessage(), e);
        }
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
            file.write(JsonWriter.toBytes(toJson(), JsonWriteOptions.FASTJSON));
        } catch (IOException | RuntimeException e) {
            dirty = true;
            throw e;
        }
    }
}
