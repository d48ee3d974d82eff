package dev.skiff.broker.offset;

import dev.skiff.common.io.JsonTableFile;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Committed consumer offsets per (group, topic, queue), persisted by {@link #persist()} (the
 * broker calls it every {@code flushConsumerOffsetInterval} and at shutdown) to
 * {@code config/consumerOffset.json} in the official form
 * {@code {"offsetTable":{"topic@group":{0:12,1:5}}}}.
 *
 * <p>Commits are plain map writes from any thread; a persist takes a consistent-enough snapshot
 * (each queue's value is atomic; a commit racing a persist lands in the next one).
 *
 * <p>Also holds admin offset resets not yet seen by the consumer: {@link #reset} records the
 * target and the next pull of that queue takes it with {@link #takePendingReset}.
 */
public final class ConsumerOffsetTable {
    private static final char SEPARATOR = '@';

    private final JsonTableFile file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> pendingResets = new ConcurrentHashMap<>();

    private ConsumerOffsetTable(Path path) {
        this.file = new JsonTableFile(path);
    }

    /** Loads the table (or its backup, if it is damaged), or starts empty. */
    public static ConsumerOffsetTable open(Path path) throws IOException {
        ConsumerOffsetTable table = new ConsumerOffsetTable(path);
        Map<String, ConcurrentMap<Integer, Long>> loaded = table.file.read(ConsumerOffsetTable::decode);
        if (loaded != null) {
            table.offsets.putAll(loaded);
        }
        return table;
    }

    private static Map<String, ConcurrentMap<Integer, Long>> decode(JsonObject root) {
        Map<String, ConcurrentMap<Integer, Long>> offsets = new TreeMap<>();
        JsonObject table = root.getObject("offsetTable");
        if (table == null) {
            return offsets;
        }
        for (Map.Entry<Object, JsonValue> e : table.entries()) {
            ConcurrentMap<Integer, Long> queues = new ConcurrentHashMap<>();
            for (Map.Entry<Object, JsonValue> q : e.getValue().asObject().entries()) {
                queues.put(
                        Integer.parseInt(JsonObject.keyText(q.getKey()).trim()),
                        q.getValue().asLong());
            }
            offsets.put(JsonObject.keyText(e.getKey()), queues);
        }
        return offsets;
    }

    private static String key(String group, String topic) {
        return topic + SEPARATOR + group;
    }

    /** The committed offset, or -1 when the group has none for that queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(key(group, topic));
        if (queues == null) {
            return -1;
        }
        Long offset = queues.get(queueId);
        return offset == null ? -1 : offset;
    }

    /** Records the group's offset for the queue (negative offsets are ignored). */
    public void commit(String group, String topic, int queueId, long offset) {
        if (offset < 0) {
            return;
        }
        offsets.computeIfAbsent(key(group, topic), k -> new ConcurrentHashMap<>())
                .put(queueId, offset);
    }

    /** All committed offsets of the group on the topic, by queue id. */
    public Map<Integer, Long> offsets(String group, String topic) {
        Map<Integer, Long> queues = offsets.get(key(group, topic));
        return queues == null ? Map.of() : new TreeMap<>(queues);
    }

    /** Hands every (group, topic) pair with committed offsets to {@code visitor}, in no order. */
    public void forEachGroupTopic(java.util.function.BiConsumer<String, String> visitor) {
        for (String k : offsets.keySet()) {
            int at = k.lastIndexOf(SEPARATOR);
            visitor.accept(k.substring(at + 1), k.substring(0, at));
        }
    }

    /** Topics the group has offsets for. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        for (String k : offsets.keySet()) {
            int at = k.lastIndexOf(SEPARATOR);
            if (k.substring(at + 1).equals(group)) {
                topics.add(k.substring(0, at));
            }
        }
        return topics;
    }

    /** Groups with offsets on the topic. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        for (String k : offsets.keySet()) {
            int at = k.lastIndexOf(SEPARATOR);
            if (k.substring(0, at).equals(topic)) {
                groups.add(k.substring(at + 1));
            }
        }
        return groups;
    }

    /** Forgets every offset of the group. */
    public void removeGroup(String group) {
        offsets.keySet().removeIf(k -> k.substring(k.lastIndexOf(SEPARATOR) + 1).equals(group));
        pendingResets
                .keySet()
                .removeIf(k -> k.substring(k.lastIndexOf(SEPARATOR) + 1).equals(group));
    }

    /** Forgets every offset on the topic. */
    public void removeTopic(String topic) {
        offsets.keySet().removeIf(k -> k.substring(0, k.lastIndexOf(SEPARATOR)).equals(topic));
        pendingResets
                .keySet()
                .removeIf(k -> k.substring(0, k.lastIndexOf(SEPARATOR)).equals(topic));
    }

    /** An admin reset: commits {@code offset} and leaves it for the consumer's next pull to adopt. */
    public void reset(String group, String topic, int queueId, long offset) {
        commit(group, topic, queueId, offset);
        pendingResets
                .computeIfAbsent(key(group, topic), k -> new ConcurrentHashMap<>())
                .put(queueId, offset);
    }

    /** The pending reset of the queue, removed as it is taken. */
    public OptionalLong takePendingReset(String group, String topic, int queueId) {
        Map<Integer, Long> queues = pendingResets.get(key(group, topic));
        if (queues == null) {
            return OptionalLong.empty();
        }
        Long offset = queues.remove(queueId);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Writes the table atomically. */
    public synchronized void persist() throws IOException {
        file.write(toJson());
    }

    /** The file form. */
    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        new TreeMap<>(offsets).forEach((k, queues) -> {
            JsonObject q = new JsonObject();
            new TreeMap<>(queues).forEach((id, offset) -> q.putKey(JsonNumber.of(id), JsonNumber.of(offset)));
            table.put(k, q);
        });
        return new JsonObject().put("offsetTable", table);
    }
}
