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
import java.util.function.Function;
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
 * below a floor are hidden from the dispatcher and from queries ({@link #isBelowFloor}). Once
 * retention has moved the commit log past the delete, {@link #dropPassedWatermarks} removes the
 * watermark; {@link TopicWatermarks} says when and why.
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
     * The watermarks on disk, by topic. Changed by the loading thread, then by the thread that
     * deletes topics; concurrent only so that tools may look.
     */
    private final Map<String, TopicWatermarks.Mark> marks = new ConcurrentHashMap<>();

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
     * (creating, without files, those that have none on disk). A watermark of the first format does
     * not tell where the commit log ended at the delete: it stays in force until {@link
     * #settleFirstFormatWatermarks} gives it that.
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
        for (Map.Entry<String, TopicWatermarks.Mark> w : watermarks.load().entrySet()) {
            String topic = w.getKey();
            TopicWatermarks.Mark mark = w.getValue();
            marks.put(topic, mark);
            long[] floors = mark.floors();
            for (int q = 0; q < floors.length; q++) {
                if (floors[q] > 0) {
                    findOrCreate(topic, q).raiseFloor(floors[q]);
                }
            }
            deleteTopicDirIfEmpty(topic);
        }
    }

    /**
     * Gives every watermark of the first format {@code commitLogEnd}, the log's end after recovery,
     * as its delete point (every record of the deleted generation was written before this start, so
     * lies below it), and writes it again in the current format; one that cannot be written keeps
     * that point in memory, and the next start tries again. Before the store opens.
     */
    public void settleFirstFormatWatermarks(long commitLogEnd) {
        for (Map.Entry<String, TopicWatermarks.Mark> e : List.copyOf(marks.entrySet())) {
            if (e.getValue().deleteLogEnd() != TopicWatermarks.Mark.LOG_END_UNKNOWN) {
                continue;
            }
            long[] floors = e.getValue().floors();
            marks.put(e.getKey(), new TopicWatermarks.Mark(floors, commitLogEnd));
            try {
                watermarks.write(e.getKey(), floors, commitLogEnd);
            } catch (UncheckedIOException ex) {
                LOG.warn("cannot write the watermark of deleted topic {} in the current format", e.getKey(), ex);
            }
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
     *
     * @param commitLogEnd the commit log's written offset, read after {@code nextOffsets}: every
     *     record of the topic from before the delete lies below it
     */
    public long[] deleteTopic(String topic, long[] nextOffsets, long commitLogEnd) {
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
            long[] kept = Arrays.copyOf(floors, used);
            watermarks.write(topic, kept, commitLogEnd);
            marks.put(topic, new TopicWatermarks.Mark(kept, commitLogEnd));
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

    /** What a watermark whose delete point the commit log has passed may become. */
    private enum Fate {
        /** The topic was created again on only some of its queues: the watermark stays. */
        KEEP,
        /** Every queue with a floor holds entries from it on: they carry the offsets. */
        CARRIED,
        /** Nothing was appended to the topic since the delete: it is forgotten. */
        FORGOTTEN
    }

    /**
     * Removes the watermarks whose delete point {@code commitLogMin} has reached, as {@link
     * TopicWatermarks} describes: the file first, then, for a topic not created again, its empty
     * queues in memory. A crash between the two leaves only the memory, which a start rebuilds
     * without the watermark. A file that cannot be deleted keeps its watermark, in memory too, for
     * the next call. Returns the topics whose watermark went.
     *
     * <p>The caller must hold the dispatcher off, as for {@link #deleteTopic}, and call on the same
     * thread. {@code nextOffsets} gives the appender's next offsets of a topic (as {@link
     * #deleteTopic} takes them), to tell records appended but not yet dispatched. A record appended
     * after that look continues at the floors the appender still holds, so its queue carries them.
     */
    public List<String> dropPassedWatermarks(long commitLogMin, Function<String, long[]> nextOffsets) {
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, TopicWatermarks.Mark> e : List.copyOf(marks.entrySet())) {
            String topic = e.getKey();
            if (e.getValue().deleteLogEnd() > commitLogMin) {
                continue;
            }
            Fate fate = fateOf(topic, e.getValue().floors(), nextOffsets.apply(topic));
            if (fate == Fate.KEEP) {
                continue;
            }
            try {
                watermarks.delete(topic);
            } catch (UncheckedIOException ex) {
                LOG.warn(
                        "cannot remove the watermark of deleted topic {}; the next retention run tries again",
                        topic,
                        ex);
                continue;
            }
            marks.remove(topic);
            if (fate == Fate.FORGOTTEN) {
                topics.remove(topic);
            }
            dropped.add(topic);
        }
        return dropped;
    }

    private Fate fateOf(String topic, long[] floors, long[] next) {
        ConsumeQueue[] arr = topics.get(topic);
        int n = Math.max(Math.max(floors.length, next.length), arr == null ? 0 : arr.length);
        boolean untouched = true;
        boolean carried = true;
        for (int q = 0; q < n; q++) {
            long floor = q < floors.length ? floors[q] : 0;
            ConsumeQueue cq = find(topic, q);
            long max = cq == null ? 0 : cq.maxOffset();
            long appended = q < next.length ? next[q] : 0;
            untouched &= max <= floor && appended <= floor;
            carried &= floor == 0 || max > floor;
        }
        return untouched ? Fate.FORGOTTEN : carried ? Fate.CARRIED : Fate.KEEP;
    }

    /** Whether some watermark's delete point {@code commitLogMin} has reached (a cheap look first). */
    public boolean anyWatermarkPassed(long commitLogMin) {
        for (TopicWatermarks.Mark m : marks.values()) {
            if (m.deleteLogEnd() <= commitLogMin) {
                return true;
            }
        }
        return false;
    }

    /** Topics whose watermark is in force (tests, tools). */
    public List<String> watermarkedTopics() {
        return List.copyOf(marks.keySet());
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

    /**
     * Topics with a queue that holds or held an entry above its floor, in no particular order: a
     * deleted topic waiting at its floors is not among them.
     */
    public List<String> topicsWithEntries() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ConsumeQueue[]> e : topics.entrySet()) {
            for (ConsumeQueue cq : e.getValue()) {
                if (cq != null && cq.maxOffset() > cq.floorOffset()) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    /**
     * True when retention has removed every record of {@code topic}'s queues: each queue either
     * never held an entry above its floor or holds none whose record ends after {@code
     * commitLogMin}, at least one held some, and no record waits to be dispatched ({@code
     * nextOffsets}, the appender's next offsets of the topic, reach no further than the queues).
     */
    public boolean holdsOnlyExpired(String topic, long[] nextOffsets, long commitLogMin) {
        ConsumeQueue[] arr = topics.get(topic);
        if (arr == null) {
            return false;
        }
        for (int q = 0; q < nextOffsets.length; q++) {
            ConsumeQueue cq = find(topic, q);
            if (nextOffsets[q] > (cq == null ? 0 : cq.maxOffset())) {
                return false;
            }
        }
        boolean held = false;
        for (ConsumeQueue cq : arr) {
            if (cq == null || cq.maxOffset() <= cq.floorOffset()) {
                continue;
            }
            if (cq.lastPhysicalEnd() > commitLogMin) {
                return false;
            }
            held = true;
        }
        return held;
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
