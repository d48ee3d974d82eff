package dev.skiff.store.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.file.MappedSegment;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic's queues deleted under a reader: the reader keeps its file's bytes until it lets go, the
 * queue continues at its old offset in a new file of the same name, and a reload finds the same.
 */
class ConsumeQueueDeleteTest {
    private static final int PER_FILE = 100;
    private static final int FILE_BYTES = PER_FILE * ConsumeQueue.ENTRY_BYTES;
    /** The commit log's end at the deletes of these tests. */
    private static final long LOG_END = 1_000_000L;

    @TempDir
    Path dir;

    private ConsumeQueueStore store() {
        ConsumeQueueStore s =
                new ConsumeQueueStore(dir.resolve("consumequeue"), dir.resolve("queuewatermark"), PER_FILE, 8);
        s.load();
        return s;
    }

    private Path queueDir(int queueId) {
        return dir.resolve("consumequeue").resolve("T").resolve(Integer.toString(queueId));
    }

    @Test
    void aHeldFileOutlivesTheDeleteAndItsNameIsUsedAgainAtOnce() {
        ConsumeQueueStore store = store();
        ConsumeQueue cq = store.findOrCreate("T", 0);
        for (int i = 0; i < 150; i++) {
            assertThat(cq.put(i, 1000L * i, 100, 7)).isTrue();
        }
        Path secondFile = queueDir(0).resolve("00000000000000002000");
        assertThat(secondFile).isRegularFile();
        MappedSegment held = cq.retainFileOf(120);
        assertThat(held.startOffset()).isEqualTo(FILE_BYTES);
        try {
            long[] floors = store.deleteTopic("T", new long[] {150, 7}, LOG_END);

            assertThat(floors).containsExactly(150, 7);
            assertThat(cq.minOffset()).isEqualTo(150);
            assertThat(cq.maxOffset()).isEqualTo(150);
            assertThat(cq.read(120, new ConsumeQueue.Entry())).isFalse();
            assertThat(dir.resolve("consumequeue").resolve("T")).doesNotExist();
            // the reader still reads its entry; the mapping waits for it
            assertThat(held.buffer().getLong(20 * 20)).isEqualTo(120_000L);
            assertThat(held.isUnmapped()).isFalse();
            // a queue that had offsets but no entry yet gets its floor too, without a folder
            ConsumeQueue q1 = store.find("T", 1);
            assertThat(q1.minOffset()).isEqualTo(7);
            assertThat(q1.maxOffset()).isEqualTo(7);
            assertThat(queueDir(1)).doesNotExist();

            // the queue fills again from 150, in a new file under the held file's name
            assertThat(cq.put(149, 1, 1, 0)).isFalse();
            assertThat(cq.put(150, 500_000L, 100, 7)).isTrue();
            assertThat(secondFile).isRegularFile();
            assertThat(held.buffer().getLong(50 * 20))
                    .as("the held file is the old one")
                    .isEqualTo(0L);
            assertThat(held.buffer().getLong(20 * 20)).isEqualTo(120_000L);
        } finally {
            held.release();
        }
        assertThat(held.isUnmapped()).isTrue();
        assertThatThrownBy(() -> held.buffer().getLong(0)).isInstanceOf(IllegalStateException.class);
        assertThat(secondFile)
                .as("the old file's unmap leaves the new file alone")
                .isRegularFile();
        ConsumeQueue.Entry e = new ConsumeQueue.Entry();
        assertThat(cq.read(150, e)).isTrue();
        assertThat(e.physicalOffset()).isEqualTo(500_000L);
        cq.flush();
        store.close();

        ConsumeQueueStore reloaded = store();
        try {
            ConsumeQueue again = reloaded.find("T", 0);
            again.correctMinOffset(0);
            assertThat(again.floorOffset()).isEqualTo(150);
            assertThat(again.minOffset()).isEqualTo(150);
            assertThat(again.maxOffset()).isEqualTo(151);
            assertThat(again.read(150, e)).isTrue();
            assertThat(e.physicalOffset()).isEqualTo(500_000L);
            assertThat(reloaded.find("T", 1).maxOffset()).isEqualTo(7);
            assertThat(queueDir(1)).doesNotExist();
        } finally {
            reloaded.close();
        }
    }

    @Test
    void aDeletedTopicDeletedAgainKeepsItsHighestOffsets() {
        ConsumeQueueStore store = store();
        try {
            ConsumeQueue cq = store.findOrCreate("T", 0);
            for (int i = 0; i < 5; i++) {
                cq.put(i, i, 1, 0);
            }
            assertThat(store.deleteTopic("T", new long[] {5}, LOG_END)).containsExactly(5);
            assertThat(store.deleteTopic("T", new long[] {3, 2}, LOG_END)).containsExactly(5, 2);
            assertThat(store.deleteTopic("Never", new long[0], LOG_END)).isEmpty();
            assertThat(dir.resolve("queuewatermark").resolve("Never")).doesNotExist();
        } finally {
            store.close();
        }
        ConsumeQueueStore reloaded = store();
        try {
            assertThat(reloaded.find("T", 0).maxOffset()).isEqualTo(5);
            assertThat(reloaded.find("T", 1).maxOffset()).isEqualTo(2);
        } finally {
            reloaded.close();
        }
    }

    @Test
    void watermarksCheckTheirBytes() throws IOException {
        TopicWatermarks marks = new TopicWatermarks(dir, 4);
        marks.write("T", new long[] {9, 0, 3}, 4096);
        marks.write("odd.name", new long[] {1}, 0);
        assertThat(marks.load()).containsOnlyKeys("T", "odd.name");
        assertThat(marks.load().get("T").floors()).containsExactly(9, 0, 3);
        assertThat(marks.load().get("T").deleteLogEnd()).isEqualTo(4096);
        assertThat(Files.size(dir.resolve("T"))).isEqualTo(TopicWatermarks.fileBytes(3));
        Files.write(dir.resolve("U.tmp"), new byte[] {1, 2, 3});

        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("T").toFile(), "rw")) {
            f.seek(14);
            f.write(0x55);
        }
        assertThat(marks.load()).containsOnlyKeys("odd.name");
        assertThat(dir.resolve("U.tmp")).doesNotExist();
        assertThatThrownBy(() -> marks.write("T", new long[5], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> marks.write("T", new long[1], -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
