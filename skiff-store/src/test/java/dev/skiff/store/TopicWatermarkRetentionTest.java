package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted topic's watermark stays while the commit log holds a segment with its old records, and
 * goes with the retention run that deletes the last of them. A topic not created again is then
 * forgotten (a restart begins it at 0); a topic created again keeps its offsets in its consume
 * queue, also across a restart. A watermark in the first format loads and goes the same way.
 */
class TopicWatermarkRetentionTest {
    private static final int Q0_OLD = 20;
    private static final int Q1_OLD = 5;
    private static final int BODY_BYTES = 3000;
    private static final long RESERVED_MS = 60_000;

    @TempDir
    Path dir;

    private final ManualClock clock = Fixtures.clock();

    /** 64 KiB segments, one segment deleted per run, expired after a minute, at the tests' hour. */
    private StoreConfig config() {
        int hour = Instant.ofEpochMilli(Fixtures.T0 + 120_000)
                .atZone(ZoneOffset.UTC)
                .getHour();
        return Fixtures.smallConfig(dir)
                .fileReservedMs(RESERVED_MS)
                .deleteHourOfDay(hour)
                .segmentsDeletedPerRunMax(1)
                .retentionIntervalMs(3_600_000)
                .build();
    }

    private Path watermark() {
        return dir.resolve("queuewatermark").resolve("T");
    }

    private static void putT(MessageStore s, int queueId, String key) {
        put(s, msg("T", queueId, new byte[BODY_BYTES], "KEYS\u0001shared " + key + "\u0002"));
    }

    private static void fillOld(DefaultMessageStore s) {
        for (int i = 0; i < Q0_OLD; i++) {
            putT(s, 0, "old-k" + i);
        }
        for (int i = 0; i < Q1_OLD; i++) {
            putT(s, 1, "old-q1-k" + i);
        }
        assertThat(s.awaitDispatched(5000)).isTrue();
    }

    /** Another topic fills three more segments half a minute later, so the old ones can expire. */
    private void fillOtherLater(DefaultMessageStore s) {
        clock.advanceMs(30_000);
        for (int i = 0; i < 50; i++) {
            put(s, msg("U", 0, new byte[BODY_BYTES], ""));
        }
        assertThat(s.awaitDispatched(5000)).isTrue();
    }

    /** T's old generation, deleted; returns the commit log's end at the delete. */
    private long deleteOld(DefaultMessageStore s) {
        fillOld(s);
        s.deleteTopic("T");
        assertThat(watermark()).isRegularFile();
        return s.commitLogMaxOffset();
    }

    /**
     * Runs retention, a segment at a time, until the watermark is gone; checks after each run that
     * it is there exactly while the log still holds a segment from before {@code deleteEnd}.
     */
    private void retainUntilWatermarkGone(DefaultMessageStore s, long deleteEnd) {
        clock.advanceMs(20_000);
        assertThat(s.runRetention().segmentsDeleted()).as("nothing expired yet").isZero();
        assertThat(watermark()).isRegularFile();
        clock.advanceMs(70_000);
        int runs = 0;
        while (Files.exists(watermark())) {
            assertThat(runs++).as("retention runs").isLessThan(6);
            assertThat(s.runRetention().segmentsDeleted()).isEqualTo(1);
            assertThat(Files.exists(watermark()))
                    .as("watermark present iff min %d < delete end %d", s.commitLogMinOffset(), deleteEnd)
                    .isEqualTo(s.commitLogMinOffset() < deleteEnd);
            if (s.commitLogMinOffset() < deleteEnd) {
                assertThat(query(s, "shared"))
                        .as("old records still in the log stay hidden")
                        .noneMatch(keys -> keys.contains("old"));
            }
        }
        assertThat(runs).as("some run found old records still in the log").isGreaterThan(1);
    }

    private static List<String> query(MessageStore s, String key) {
        try (RecordLease l = s.queryMessages("T", key, 64, 0, Long.MAX_VALUE)) {
            List<String> keys = new ArrayList<>();
            for (SelectedRecord r : l.records()) {
                keys.add(Fixtures.decode(r).property(MessageProperties.KEYS));
            }
            return keys;
        }
    }

    @Test
    void aTopicNotCreatedAgainIsForgottenOnceRetentionPassesItsDelete() {
        StoreConfig cfg = config();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            long deleteEnd = deleteOld(s);
            fillOtherLater(s);

            retainUntilWatermarkGone(s, deleteEnd);

            assertThat(s.commitLogMinOffset()).isGreaterThanOrEqualTo(deleteEnd);
            assertThat(s.maxOffsetInQueue("T", 0)).isZero();
            assertThat(dir.resolve("consumequeue").resolve("T")).doesNotExist();
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertThat(watermark()).doesNotExist();
            assertThat(s.maxOffsetInQueue("T", 0)).isZero();
            assertThat(s.maxOffsetInQueue("T", 1)).isZero();
            assertThat(put(s, msg("T", 0, "again", "tag", "new-k0")).queueOffset())
                    .as("a topic forgotten begins at 0 like a new one")
                    .isZero();
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(query(s, "new-k0")).containsExactly("new-k0");
        }
    }

    @Test
    void inTheSameProcessAForgottenTopicStillContinuesAtItsFloors() {
        try (DefaultMessageStore s = Fixtures.open(config(), clock)) {
            long deleteEnd = deleteOld(s);
            fillOtherLater(s);
            retainUntilWatermarkGone(s, deleteEnd);

            assertThat(put(s, msg("T", 0, "again", "tag", "new-k0")).queueOffset())
                    .isEqualTo(Q0_OLD);
            assertThat(put(s, msg("T", 1, "again", "tag", "new-k1")).queueOffset())
                    .isEqualTo(Q1_OLD);
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(s.minOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(Q0_OLD + 1);
        }
    }

    @Test
    void aTopicCreatedAgainKeepsItsOffsetsAcrossRestartsAfterItsWatermarkWent() throws Exception {
        StoreConfig cfg = config();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            long deleteEnd = deleteOld(s);
            fillOtherLater(s);
            putT(s, 0, "new-k0");
            putT(s, 0, "new-k1");
            putT(s, 1, "new-q1-k0");
            assertThat(s.awaitDispatched(5000)).isTrue();

            retainUntilWatermarkGone(s, deleteEnd);

            assertNewGenerationOnly(s);
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertThat(watermark()).doesNotExist();
            assertNewGenerationOnly(s);
        }
        // a crash without a checkpoint: everything the log still holds is dispatched again
        Files.write(cfg.abortFile(), new byte[0]);
        Files.delete(cfg.checkpointFile());
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertNewGenerationOnly(s);
            assertThat(put(s, msg("T", 0, "newer", "tag", null)).queueOffset()).isEqualTo(Q0_OLD + 2);
            assertThat(put(s, msg("T", 1, "newer", "tag", null)).queueOffset()).isEqualTo(Q1_OLD + 1);
        }
    }

    private static void assertNewGenerationOnly(MessageStore s) {
        assertThat(s.minOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
        assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(Q0_OLD + 2);
        assertThat(s.minOffsetInQueue("T", 1)).isEqualTo(Q1_OLD);
        assertThat(s.maxOffsetInQueue("T", 1)).isEqualTo(Q1_OLD + 1);
        try (GetResult r = s.getMessages("T", 0, 0, 32, 1 << 20, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
            assertThat(r.nextBeginOffset()).isEqualTo(Q0_OLD);
        }
        try (GetResult r = s.getMessages("T", 0, Q0_OLD, 32, 1 << 20, MessageFilter.ALL)) {
            assertThat(r.records())
                    .extracting(rec -> Fixtures.decode(rec).property(MessageProperties.KEYS))
                    .containsExactly("shared new-k0", "shared new-k1");
        }
        assertThat(query(s, "shared")).containsExactlyInAnyOrder("shared new-k0", "shared new-k1", "shared new-q1-k0");
    }

    @Test
    void aWatermarkOfTheFirstFormatStillLoadsAndGoesWithRetention() throws Exception {
        StoreConfig cfg = config();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            deleteOld(s);
        }
        Files.write(watermark(), versionOne(Q0_OLD, Q1_OLD));
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            assertThat(s.minOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
            assertThat(s.maxOffsetInQueue("T", 1)).isEqualTo(Q1_OLD);
            assertThat(query(s, "shared")).isEmpty();
            assertThat(Files.size(watermark()))
                    .as("written again in the current format")
                    .isEqualTo(20 + 2 * Long.BYTES + 4);
            // the file did not say where the log ended at the delete: the end after recovery stands in
            long endAtStart = s.commitLogMaxOffset();
            fillOtherLater(s);
            retainUntilWatermarkGone(s, endAtStart);
            assertThat(s.maxOffsetInQueue("T", 0)).isZero();
        }
    }

    /** A watermark as the first format wrote it: magic, version 1, count, floors, CRC32. */
    private static byte[] versionOne(long... floors) {
        ByteBuffer b = ByteBuffer.allocate(12 + floors.length * Long.BYTES + 4);
        b.putInt(0x534B574D).putInt(1).putInt(floors.length);
        for (long f : floors) {
            b.putLong(f);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
