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
 * nor may a queue created again reuse their offsets. Written before the queues' files are deleted,
 * so a crash in between leaves a watermark over old files, which loading then drops.
 *
 * <pre>
 * offset   size  field
 *   0      4     magic 0x534B574D ("SKWM")
 *   4      4     version (1)
 *   8      4     queue count n, 1 .. queuesPerTopicMax
 *  12      8n    first valid offset of queue 0 .. n-1 (not negative)
 *  12+8n   4     CRC32 of bytes 0 .. 12+8n-1
 * </pre>
 *
 * A file is written whole to a temporary file, forced, renamed over the old one and the folder
 * forced, so it is the old or the new content after any crash. A file that fails the checks is
 * ignored with an error log: it can only come from damage outside Skiff.
 */
final class TopicWatermarks {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWatermarks.class);
    static final int MAGIC = 0x534B574D;
    static final int VERSION = 1;
    private static final int HEADER_BYTES = 12;
    private static final int CRC_BYTES = 4;
    private static final String TMP_SUFFIX = ".tmp";

    private final Path dir;
    private final int queuesPerTopicMax;

    TopicWatermarks(Path dir, int queuesPerTopicMax) {
        this.dir = dir;
        this.queuesPerTopicMax = queuesPerTopicMax;
    }

    static int fileBytes(int queues) {
        return HEADER_BYTES + queues * Long.BYTES + CRC_BYTES;
    }

    /** Every valid watermark on disk, by topic; leftover temporary files are deleted. */
    Map<String, long[]> load() {
        Map<String, long[]> out = new HashMap<>();
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
                long[] floors = read(f);
                String topic = topicOf(name);
                if (floors == null || topic == null) {
                    LOG.error("ignoring damaged or foreign queue watermark {}", f);
                } else {
                    out.put(topic, floors);
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

    /** The floors in {@code file}, or null when it is not a valid watermark. */
    long[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < fileBytes(1) || size > fileBytes(queuesPerTopicMax)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int n = b.getInt(8);
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || n < 1 || n > queuesPerTopicMax) {
            return null;
        }
        if (b.capacity() != fileBytes(n)) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - CRC_BYTES);
        if ((int) crc.getValue() != b.getInt(b.capacity() - CRC_BYTES)) {
            return null;
        }
        long[] floors = new long[n];
        for (int q = 0; q < n; q++) {
            floors[q] = b.getLong(HEADER_BYTES + q * Long.BYTES);
            if (floors[q] < 0) {
                return null;
            }
        }
        return floors;
    }

    /** Durably replaces the watermark of {@code topic} with {@code floors} (1..queuesPerTopicMax long). */
    void write(String topic, long[] floors) {
        if (floors.length < 1 || floors.length > queuesPerTopicMax) {
            throw new IllegalArgumentException("watermark of " + floors.length + " queues for " + topic);
        }
        ByteBuffer b = ByteBuffer.allocate(fileBytes(floors.length));
        b.putInt(0, MAGIC).putInt(4, VERSION).putInt(8, floors.length);
        for (int q = 0; q < floors.length; q++) {
            if (floors[q] < 0) {
                throw new IllegalArgumentException("negative floor for " + topic + "/" + q);
            }
            b.putLong(HEADER_BYTES + q * Long.BYTES, floors[q]);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - CRC_BYTES);
        b.putInt(b.capacity() - CRC_BYTES, (int) crc.getValue());
        Path file = dir.resolve(ConsumeQueueStore.dirName(topic));
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

    /** Makes the rename durable; where a folder cannot be opened for that, the rename stands alone. */
    private void forceDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot force folder {}", dir, e);
        }
    }
}
