package dev.skiff.store.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All consume queues, under {@code consumequeue/{topic}/{queueId}/}. Queues are created by the
 * dispatcher (the only writer); readers look them up without locks. A topic name that is not made
 * of {@code [A-Za-z0-9%|_-]} is stored as {@code ~} + hex of its UTF-8 bytes, so no name can
 * escape the folder.
 *
 * <p>A deleted topic ({@link #deleteTopic}) loses its queues' files and folders but keeps, in
 * memory and in its {@link TopicWatermarks watermark} file, each queue's offset as the queue's
 * floor: the queue objects stay, empty, at min = max = floor, and fill again from there. Records
 * below a floor are hidden from the dispatcher and from queries ({@link #isBelowFloor}).
 */
public final class ConsumeQueueStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueStore.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9%|_-]+");

    private final Path root;
    private final int entriesPerFile;
    private final int queuesPerTopicMax;
    private final TopicWatermarks watermarks;
    private final Map<String, ConsumeQueue[]> topics = new ConcurrentHashMap<>();

    /**
     * @param root the {@code consumequeue} folder
     * @param watermarkDir the folder of deleted topics' watermarks
     */
    public ConsumeQueueStore(Path root, Path watermarkDir, int entriesPerFile, int queuesPerTopicMax) {
        this.root = root;
        this.entriesPerFile = entriesPerFile;
        this.queuesPerTopicMax = queuesPerTopicMax;
        this.watermarks = new TopicWatermarks(watermarkDir, queuesPerTopicMax);
    }

    static String dirName(String topic) {
        return SAFE.matcher(topic).matches()
                ? topic
                : "~" + HexFormat.of().formatHex(topic.getBytes(StandardCharsets.UTF_8));
    }

    static String topicOf(String dirName) {
        if (!dirName.startsWith("~")) {
            return dirName;
        }
        return new String(HexFormat.of().parseHex(dirName.substring(1)), StandardCharsets.UTF_8);
    }

    /**
     * Loads every queue found on disk, then raises the queues of deleted topics to their watermarks
     * (creating, without files, those that have none on disk).
     */
    public void load() {
        try {
            Files.createDirectories(root);
            try (Stream<Path> topicDirs = Files.list(root)) {
                for (Path t : topicDirs.filter(Files::isDirectory).toList()) {
                    loadTopic(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load consume queues under " + root, e);
        }
        for (Map.Entry<String, long[]> w : watermarks.load().entrySet()) {
            long[] floors = w.getValue();
            for (int q = 0; q < floors.length; q++) {
                if (floors[q] > 0) {
                    findOrCreate(w.getKey(), q).raiseFloor(floors[q]);
                }
            }
            deleteTopicDirIfEmpty(w.getKey());
        }
    }

    private void loadTopic(Path topicDir) throws IOException {
        String topic;
        try {
            topic = topicOf(topicDir.getFileName().toString());
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring consume-queue folder {}", topicDir);
            return;
        }
        try (Stream<Path> queueDirs = Files.list(topicDir)) {
            for (Path q : queueDirs.filter(Files::isDirectory).toList()) {
                String name = q.getFileName().toString();
                if (!name.matches("\\d{1,5}") || Integer.parseInt(name) >= queuesPerTopicMax) {
                    LOG.warn("ignoring consume-queue folder {}", q);
                    continue;
                }
                findOrCreate(topic, Integer.parseInt(name)).load();
            }
        }
    }

    /**
     * Whether the record at {@code queueOffset} of ({@code topic}, {@code queueId}) was written before
     * the topic was deleted: below its queue's floor. Any thread; two reads, no allocation.
     */
    public boolean isBelowFloor(String topic, int queueId, long queueOffset) {
        ConsumeQueue cq = find(topic, queueId);
        return cq != null && queueOffset < cq.floorOffset();
    }

    /** The queue, or null when nothing was ever dispatched to it. */
    public ConsumeQueue find(String topic, int queueId) {
        ConsumeQueue[] arr = topics.get(topic);
        return arr == null || queueId < 0 || queueId >= arr.length ? null : arr[queueId];
    }

    /**
     * The queue, created if needed: dispatcher, recovery, or a topic delete that holds the dispatcher
     * off.
     */
    public ConsumeQueue findOrCreate(String topic, int queueId) {
        ConsumeQueue cq = find(topic, queueId);
        if (cq != null) {
            return cq;
        }
        if (queueId < 0 || queueId >= queuesPerTopicMax) {
            throw new IllegalArgumentException("queue id out of range: " + queueId);
        }
        ConsumeQueue[] arr = topics.get(topic);
        ConsumeQueue[] grown = new ConsumeQueue[Math.max(queueId + 1, arr == null ? 0 : arr.length)];
        if (arr != null) {
            System.arraycopy(arr, 0, grown, 0, arr.length);
        }
        cq = new ConsumeQueue(
                topic, queueId, root.resolve(dirName(topic)).resolve(Integer.toString(queueId)), entriesPerFile);
        grown[queueId] = cq;
        topics.put(topic, grown);
        return cq;
    }

    /**
     * Deletes the consume queues of {@code topic}: each queue's files and folder go and the queue
     * continues, empty, at the highest of its max offset, its floor and {@code nextOffsets[queueId]}
     * (the appender's next offsets for the topic); then the topic's folder goes. The offsets are made
     * durable first, as the topic's watermark: when a file cannot be deleted, the others still go,
     * every queue still continues at its floor, the error is thrown, and the next start drops what
     * is left below the floors. Returns the floors, one per queue id up to the last queue that has
     * one.
     *
     * <p>The caller must hold the dispatcher off (it is the queues' writer) and run on the thread that
     * flushes queues and applies retention, which also change a queue's state.
     */
    public long[] deleteTopic(String topic, long[] nextOffsets) {
        ConsumeQueue[] existing = topics.get(topic);
        int known = existing == null ? 0 : existing.length;
        long[] floors = new long[Math.min(Math.max(nextOffsets.length, known), queuesPerTopicMax)];
        int used = 0;
        for (int q = 0; q < floors.length; q++) {
            ConsumeQueue cq = find(topic, q);
            floors[q] = q < nextOffsets.length ? nextOffsets[q] : 0;
            if (cq != null) {
                floors[q] = Math.max(floors[q], Math.max(cq.maxOffset(), cq.floorOffset()));
            }
            used = floors[q] > 0 ? q + 1 : used;
        }
        if (used > 0) {
            watermarks.write(topic, Arrays.copyOf(floors, used));
        }
        UncheckedIOException failed = null;
        for (int q = 0; q < floors.length; q++) {
            ConsumeQueue cq = floors[q] > 0 ? findOrCreate(topic, q) : find(topic, q);
            try {
                if (cq != null) {
                    cq.deleteAllAndContinueAt(floors[q]);
                }
            } catch (UncheckedIOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        deleteTopicDirIfEmpty(topic);
        return Arrays.copyOf(floors, used);
    }

    private void deleteTopicDirIfEmpty(String topic) {
        Path dir = root.resolve(dirName(topic));
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("consume-queue folder {} still holds queues", dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Every queue, in no particular order. */
    public List<ConsumeQueue> all() {
        List<ConsumeQueue> out = new ArrayList<>();
        for (ConsumeQueue[] arr : topics.values()) {
            for (ConsumeQueue cq : arr) {
                if (cq != null) {
                    out.add(cq);
                }
            }
        }
        return out;
    }

    public void flushAll() {
        flushDirty(0);
    }

    /**
     * Forces every queue with at least {@code minDirtyBytes} of unforced entries; returns the
     * lowest commit-log offset whose entry was left unforced ({@link Long#MAX_VALUE} if none), which
     * is where recovery after a machine crash must re-dispatch from.
     */
    public long flushDirty(long minDirtyBytes) {
        long lowestUnforced = Long.MAX_VALUE;
        for (ConsumeQueue cq : all()) {
            lowestUnforced = Math.min(lowestUnforced, cq.flush(minDirtyBytes));
        }
        return lowestUnforced;
    }

    public void close() {
        for (ConsumeQueue cq : all()) {
            cq.close();
        }
    }
}
