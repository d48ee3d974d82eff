package dev.skiff.store.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public final class ConsumeQueueStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueStore.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9%|_-]+");

    private final Path root;
    private final int entriesPerFile;
    private final int queuesPerTopicMax;
    private final Map<String, ConsumeQueue[]> topics = new ConcurrentHashMap<>();

    public ConsumeQueueStore(Path root, int entriesPerFile, int queuesPerTopicMax) {
        this.root = root;
        this.entriesPerFile = entriesPerFile;
        this.queuesPerTopicMax = queuesPerTopicMax;
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

    /** Loads every queue found on disk. */
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

    /** The queue, or null when nothing was ever dispatched to it. */
    public ConsumeQueue find(String topic, int queueId) {
        ConsumeQueue[] arr = topics.get(topic);
        return arr == null || queueId < 0 || queueId >= arr.length ? null : arr[queueId];
    }

    /** The queue, created if needed (dispatcher and recovery only). */
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
