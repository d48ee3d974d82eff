package dev.skiff.store.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted topic's watermark goes once the commit log has passed the delete: with the topic's
 * empty queues when it was not created again, alone when its queues carry the offsets again, not
 * at all while only some of them do. A watermark of the first format loads and is written anew.
 */
class WatermarkRemovalTest {
    private static final int PER_FILE = 100;
    /** The commit log's end at the delete. */
    private static final long DELETE_END = 50_000L;

    @TempDir
    Path dir;

    private ConsumeQueueStore store;

    private ConsumeQueueStore open() {
        ConsumeQueueStore s =
                new ConsumeQueueStore(dir.resolve("consumequeue"), dir.resolve("queuewatermark"), PER_FILE, 8);
        s.load();
        return s;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private Path watermark(String topic) {
        return dir.resolve("queuewatermark").resolve(topic);
    }

    /** T with {@code counts[q]} entries in queue q, deleted at {@link #DELETE_END}. */
    private void fillAndDelete(int... counts) {
        long phy = 0;
        for (int q = 0; q < counts.length; q++) {
            ConsumeQueue cq = store.findOrCreate("T", q);
            for (int i = 0; i < counts[q]; i++) {
                cq.put(i, phy, 100, 0);
                phy += 100;
            }
        }
        store.deleteTopic("T", new long[0], DELETE_END);
        assertThat(watermark("T")).isRegularFile();
    }

    @Test
    void aTopicNotCreatedAgainIsForgottenOnceTheLogPassedItsDelete() {
        store = open();
        fillAndDelete(10, 4);

        assertThat(store.dropPassedWatermarks(DELETE_END - 1, t -> new long[] {10, 4}))
                .isEmpty();
        assertThat(watermark("T")).isRegularFile();
        assertThat(store.isBelowFloor("T", 0, 9)).isTrue();

        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {10, 4}))
                .containsExactly("T");
        assertThat(watermark("T")).doesNotExist();
        assertThat(store.find("T", 0)).isNull();
        assertThat(store.find("T", 1)).isNull();
        assertThat(store.isBelowFloor("T", 0, 9)).isFalse();
        assertThat(store.watermarkedTopics()).isEmpty();
        store.close();

        store = open();
        assertThat(store.find("T", 0)).isNull();
        assertThat(dir.resolve("consumequeue").resolve("T")).doesNotExist();
    }

    @Test
    void aRecordAppendedButNotYetDispatchedKeepsTheWatermarkUntilItsQueueCarriesTheFloor() {
        store = open();
        fillAndDelete(10);

        // the appender has given offset 10 away; the dispatcher has not written it yet
        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {11})).isEmpty();
        assertThat(watermark("T")).isRegularFile();

        ConsumeQueue cq = store.find("T", 0);
        assertThat(cq.put(10, DELETE_END + 500, 100, 0)).isTrue();
        cq.flush();
        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {11})).containsExactly("T");
        assertThat(watermark("T")).doesNotExist();
        assertThat(store.find("T", 0))
                .as("a queue in use stays, with its floor")
                .isSameAs(cq);
        assertThat(cq.floorOffset()).isEqualTo(10);
        store.close();

        // the queue's file carries the offsets: min and max come back from its entries
        store = open();
        ConsumeQueue again = store.find("T", 0);
        again.correctMinOffset(DELETE_END);
        assertThat(again.minOffset()).isEqualTo(10);
        assertThat(again.maxOffset()).isEqualTo(11);
        assertThat(store.watermarkedTopics()).isEmpty();
    }

    @Test
    void aTopicCreatedAgainOnSomeOfItsQueuesKeepsItsWatermarkUntilAllCarryTheirFloors() {
        store = open();
        fillAndDelete(10, 4);
        store.find("T", 0).put(10, DELETE_END + 100, 100, 0);

        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {11, 4}))
                .isEmpty();
        assertThat(watermark("T")).isRegularFile();
        store.close();

        store = open();
        assertThat(store.find("T", 1).maxOffset())
                .as("the queue not used again still starts at its floor")
                .isEqualTo(4);
        store.find("T", 1).put(4, DELETE_END + 200, 100, 0);
        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {11, 5}))
                .containsExactly("T");
        assertThat(watermark("T")).doesNotExist();
    }

    @Test
    void aDeleteAgainKeepsTheLaterDeletePoint() throws IOException {
        store = open();
        fillAndDelete(10);
        store.deleteTopic("T", new long[] {10}, DELETE_END + 1_000);
        assertThat(new TopicWatermarks(dir.resolve("queuewatermark"), 8)
                        .read(watermark("T"))
                        .deleteLogEnd())
                .isEqualTo(DELETE_END + 1_000);
        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {10})).isEmpty();
        assertThat(store.dropPassedWatermarks(DELETE_END + 1_000, t -> new long[] {10}))
                .containsExactly("T");
    }

    @Test
    void aWatermarkOfTheFirstFormatLoadsAndTakesTheLogEndAfterRecoveryAsItsDeletePoint() throws IOException {
        Files.createDirectories(watermark("T").getParent());
        Files.write(watermark("T"), versionOne(150, 0, 7));

        store = open();
        assertThat(store.dropPassedWatermarks(Long.MAX_VALUE - 1, t -> new long[] {150, 0, 7}))
                .as("a first-format watermark never passes until it is settled")
                .isEmpty();
        store.settleFirstFormatWatermarks(DELETE_END);
        assertThat(store.find("T", 0).minOffset()).isEqualTo(150);
        assertThat(store.find("T", 0).maxOffset()).isEqualTo(150);
        assertThat(store.find("T", 1)).isNull();
        assertThat(store.find("T", 2).maxOffset()).isEqualTo(7);
        assertThat(store.isBelowFloor("T", 2, 6)).isTrue();
        TopicWatermarks.Mark upgraded = new TopicWatermarks(dir.resolve("queuewatermark"), 8).read(watermark("T"));
        assertThat(Files.size(watermark("T"))).isEqualTo(TopicWatermarks.fileBytes(3));
        assertThat(upgraded.floors()).containsExactly(150, 0, 7);
        assertThat(upgraded.deleteLogEnd()).isEqualTo(DELETE_END);

        assertThat(store.dropPassedWatermarks(DELETE_END - 1, t -> new long[] {150, 0, 7}))
                .isEmpty();
        assertThat(store.dropPassedWatermarks(DELETE_END, t -> new long[] {150, 0, 7}))
                .containsExactly("T");
        assertThat(watermark("T")).doesNotExist();
    }

    /** The bytes of a watermark as the first format wrote them: no commit-log end. */
    static byte[] versionOne(long... floors) {
        ByteBuffer b = ByteBuffer.allocate(12 + floors.length * Long.BYTES + 4);
        b.putInt(TopicWatermarks.MAGIC)
                .putInt(TopicWatermarks.VERSION_WITHOUT_LOG_END)
                .putInt(floors.length);
        for (long f : floors) {
            b.putLong(f);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
