package dev.skiff.store.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watermarks of deleted topics, one file per topic under {@code queuewatermark/}, named as the
 * topic's consume-queue folder is. A watermark holds, per queue id, the first queue offset that is
 * valid after the topic was deleted: the commit log still holds the topic's older records until
 * retention removes them, and a re-dispatch after a crash must not put them back into the queues,
 * nor may a query by key return them, nor may a queue created again reuse their offsets. Written
 * before the queues' files are deleted, so a crash in between leaves a watermark over old files,
 * which loading then drops.
 *
 * <pre>
 * version 2 (written)
 * offset   size  field
 *   0      4     magic 0x534B574D ("SKWM")
 *   4      4     version (2)
 *   8      4     queue count n, 1 .. queuesPerTopicMax
 *  12      8     commit-log end at the delete: every record of the topic from before lies below it
 *  20      8n    first valid offset of queue 0 .. n-1 (not negative)
 *  20+8n   4     CRC32 of bytes 0 .. 20+8n-1
 *
 * version 1 (read only): no commit-log end; the floors start at byte 12, the CRC follows them
 * </pre>
 *
 * A version-1 file does not say where the commit log ended at the delete; the log's end after
 * recovery stands in for it (every record of the deleted generation was written before that start)
 * and the file is written again as version 2 ({@link ConsumeQueueStore#settleFirstFormatWatermarks}).
 * Until then it counts as never passed.
 *
 * <p><b>When a watermark may go.</b> It serves two purposes. (1) Hiding the old generation: the
 * dispatcher and the query by key compare a record's queue offset with its queue's floor. That is
 * needed only while the commit log still holds a record written before the delete, i.e. until the
 * log's minimum offset has reached the commit-log end the watermark recorded. (2) Keeping offsets
 * monotonic across a delete, so a consumer that remembers an offset of the old generation never
 * lands inside the new one. Once the log has passed the delete point, that is only a matter of
 * what clients still remember: the broker drops a deleted topic's consumer offsets at the delete
 * and refuses offset commits for a topic that does not exist; the official client drops the offset
 * of a queue that leaves its assignment, and moves an offset past a queue's max back to the max
 * when a pull answers PULL_OFFSET_MOVED. A remembered offset would have to live in one client
 * process through the whole retention time ({@code fileReservedMs}) of a topic that no longer
 * existed, and the topic be created again after that. So once the log's minimum has reached the
 * recorded end, {@link ConsumeQueueStore} removes a watermark when
 *
 * <ul>
 *   <li>the topic was not created again (no record appended to it since the delete): the file goes,
 *       then the empty queues in memory; the appender keeps counting from the floors until the
 *       next start, after which the topic's offsets begin at 0 like any new topic's; or
 *   <li>every queue with a floor above 0 holds an entry at or above its floor again: its consume
 *       queue files carry the offsets from then on (a restart finds min and max from the entries;
 *       retention never deletes a queue's last file), so only the file goes.
 * </ul>
 *
 * A topic created again on only some of its old queues keeps its watermark, so that the others
 * still start at their floors after a restart; it goes at a later check once every such queue has
 * an entry, or with the next delete, which writes a new one.
 *
 * <p>A file is written whole to a temporary file, forced, renamed over the old one and the folder
 * forced, so it is the old or the new content after any crash; it is removed by one unlink and a
 * folder force. A file that fails the checks is ignored with an error log: it can only come from
 * damage outside Skiff.
 */
final class TopicWatermarks {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWatermarks.class);
    static final int MAGIC = 0x534B574D;
    static final int VERSION = 2;
    static final int VERSION_WITHOUT_LOG_END = 1;
    private static final int HEADER_BYTES = 20;
    private static final int HEADER_BYTES_V1 = 12;
    private static final int LOG_END_AT = 12;
    private static final int CRC_BYTES = 4;
    private static final String TMP_SUFFIX = ".tmp";

    /**
     * One topic's watermark.
     *
     * @param floors first valid offset per queue id
     * @param deleteLogEnd commit-log end offset at the delete, or {@link #LOG_END_UNKNOWN} for a
     *     version-1 file: above any offset, so the log never passes it
     */
    record Mark(long[] floors, long deleteLogEnd) {
        static final long LOG_END_UNKNOWN = Long.MAX_VALUE;
    }

    private final Path dir;
    private final int queuesPerTopicMax;

    TopicWatermarks(Path dir, int queuesPerTopicMax) {
        this.dir = dir;
        this.queuesPerTopicMax = queuesPerTopicMax;
    }

    static int fileBytes(int queues) {
        return HEADER_BYTES + queues * Long.BYTES + CRC_BYTES;
    }

    private static int fileBytesV1(int queues) {
        return HEADER_BYTES_V1 + queues * Long.BYTES + CRC_BYTES;
    }

    /** Every valid watermark on disk, by topic; leftover temporary files are deleted. */
    Map<String, Mark> load() {
        Map<String, Mark> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                Mark mark = read(f);
                String topic = topicOf(name);
                if (mark == null || topic == null) {
                    LOG.error("ignoring damaged or foreign queue watermark {}", f);
                } else {
                    out.put(topic, mark);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load queue watermarks under " + dir, e);
        }
        return out;
    }

    private static String topicOf(String fileName) {
        try {
            return ConsumeQueueStore.topicOf(fileName);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The watermark in {@code file}, or null when it is not a valid one of either version. */
    Mark read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < fileBytesV1(1) || size > fileBytes(queuesPerTopicMax)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int version = b.getInt(4);
        int n = b.getInt(8);
        if (b.getInt(0) != MAGIC || (version != VERSION && version != VERSION_WITHOUT_LOG_END)) {
            return null;
        }
        boolean v1 = version == VERSION_WITHOUT_LOG_END;
        if (n < 1 || n > queuesPerTopicMax || b.capacity() != (v1 ? fileBytesV1(n) : fileBytes(n))) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - CRC_BYTES);
        if ((int) crc.getValue() != b.getInt(b.capacity() - CRC_BYTES)) {
            return null;
        }
        long logEnd = v1 ? Mark.LOG_END_UNKNOWN : b.getLong(LOG_END_AT);
        int floorsAt = v1 ? HEADER_BYTES_V1 : HEADER_BYTES;
        long[] floors = new long[n];
        for (int q = 0; q < n; q++) {
            floors[q] = b.getLong(floorsAt + q * Long.BYTES);
            if (floors[q] < 0) {
                return null;
            }
        }
        return v1 || (logEnd >= 0 && logEnd != Mark.LOG_END_UNKNOWN) ? new Mark(floors, logEnd) : null;
    }

    /**
     * Durably replaces the watermark of {@code topic} with {@code floors} (1..queuesPerTopicMax long)
     * and the commit-log end at the delete (not negative).
     */
    void write(String topic, long[] floors, long deleteLogEnd) {
        if (floors.length < 1
                || floors.length > queuesPerTopicMax
                || deleteLogEnd < 0
                || deleteLogEnd == Mark.LOG_END_UNKNOWN) {
            throw new IllegalArgumentException(
                    "watermark of " + floors.length + " queues, log end " + deleteLogEnd + " for " + topic);
        }
        ByteBuffer b = ByteBuffer.allocate(fileBytes(floors.length));
        b.putInt(0, MAGIC).putInt(4, VERSION).putInt(8, floors.length).putLong(LOG_END_AT, deleteLogEnd);
        for (int q = 0; q < floors.length; q++) {
            if (floors[q] < 0) {
                throw new IllegalArgumentException("negative floor for " + topic + "/" + q);
            }
            b.putLong(HEADER_BYTES + q * Long.BYTES, floors[q]);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - CRC_BYTES);
        b.putInt(b.capacity() - CRC_BYTES, (int) crc.getValue());
        Path file = fileOf(topic);
        Path tmp = dir.resolve(file.getFileName() + TMP_SUFFIX);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write queue watermark " + file, e);
        }
    }

    /** Durably removes the watermark of {@code topic}, if there is one. */
    void delete(String topic) {
        Path file = fileOf(topic);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete queue watermark " + file, e);
        }
        forceDir();
    }

    private Path fileOf(String topic) {
        return dir.resolve(ConsumeQueueStore.dirName(topic));
    }

    /** Makes the rename durable; where a folder cannot be opened for that, the rename stands alone. */
    private void forceDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot force folder {}", dir, e);
        }
    }
}
