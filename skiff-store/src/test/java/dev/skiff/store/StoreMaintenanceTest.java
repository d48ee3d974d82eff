package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.ManualClock;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's maintenance requests: expired segments now, expired and unused consume queues. */
class StoreMaintenanceTest {
    private static final long HOUR_MS = 3_600_000L;
    private static final int SEGMENT = 64 * 1024;
    private static final int MIN_PAIRS = 30;
    /** Near the largest body a 64 KiB-segment store takes. */
    private static final int LIVE_BODY = 15_000;

    @TempDir
    Path dir;

    /** Kept one minute, deleted at an hour that is not now; retention runs only when asked. */
    private StoreConfig config() {
        int otherHour =
                (Instant.ofEpochMilli(Fixtures.T0).atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return Fixtures.smallConfig(dir)
                .fileReservedMs(60_000)
                .deleteHourOfDay(otherHour)
                .retentionIntervalMs(HOUR_MS)
                .build();
    }

    /**
     * "Old" (two queues) and the schedule topic fill several 64 KiB segments; "Live" gets one record
     * too large for what is left of the last of them, so it starts a segment of its own, which
     * retention never deletes. Then two minutes pass: every segment but the last is expired.
     * Returns how many records each queue of "Old" got.
     */
    private static int fill(DefaultMessageStore s, ManualClock clock) {
        int pairs = 0;
        while (pairs < MIN_PAIRS || SEGMENT - s.commitLogMaxOffset() % SEGMENT >= LIVE_BODY) {
            for (int q = 0; q < 2; q++) {
                put(s, msg("Old", q, new byte[3000], ""));
            }
            put(s, msg("SCHEDULE_TOPIC_XXXX", 0, new byte[100], ""));
            pairs++;
        }
        long liveAt = put(s, msg("Live", 0, new byte[LIVE_BODY], "")).physicalOffset();
        assertThat(liveAt % SEGMENT).as("Live starts a segment").isZero();
        clock.advanceMs(120_000);
        assertThat(s.awaitDispatched(5000)).isTrue();
        return pairs;
    }

    @Test
    void expiredSegmentsGoAtOnceWhateverTheHour() {
        ManualClock clock = Fixtures.clock();
        try (DefaultMessageStore s = Fixtures.open(config(), clock)) {
            fill(s, clock);
            long segments = s.commitLogMaxOffset() / SEGMENT + 1;
            assertThat(segments).isGreaterThanOrEqualTo(3);
            assertThat(s.runRetention().segmentsDeleted())
                    .as("not the delete hour")
                    .isZero();

            assertThat(s.deleteExpiredSegmentsNow()).isEqualTo((int) segments - 1);

            assertThat(s.commitLogMinOffset()).isPositive();
            assertThat(s.deleteExpiredSegmentsNow())
                    .as("the last segment always stays")
                    .isZero();
            assertThat(s.minOffsetInQueue("Live", 0)).isZero();
            assertThat(s.maxOffsetInQueue("Live", 0)).isEqualTo(1);
        }
    }

    @Test
    void queuesWhoseRecordsAllExpiredAreDeletedAndContinueAtTheirOffsets() throws Exception {
        ManualClock clock = Fixtures.clock();
        try (DefaultMessageStore s = Fixtures.open(config(), clock)) {
            int perQueue = fill(s, clock);
            assertThat(s.cleanExpiredQueues(t -> false))
                    .as("nothing expired yet")
                    .isEmpty();
            assertThat(s.topicsWithQueues()).containsExactlyInAnyOrder("Old", "SCHEDULE_TOPIC_XXXX", "Live");
            s.deleteExpiredSegmentsNow();

            assertThat(s.cleanExpiredQueues(t -> t.startsWith("SCHEDULE_"))).containsExactly("Old");

            assertThat(Files.exists(dir.resolve("consumequeue").resolve("Old"))).isFalse();
            assertThat(Files.exists(dir.resolve("consumequeue").resolve("SCHEDULE_TOPIC_XXXX")))
                    .as("kept by the caller")
                    .isTrue();
            assertThat(s.topicsWithQueues()).containsExactlyInAnyOrder("SCHEDULE_TOPIC_XXXX", "Live");
            for (int q = 0; q < 2; q++) {
                assertThat(s.minOffsetInQueue("Old", q)).isEqualTo(perQueue);
                assertThat(s.maxOffsetInQueue("Old", q)).isEqualTo(perQueue);
            }
            assertThat(s.maxOffsetInQueue("Live", 0)).isEqualTo(1);

            PutResult next = put(s, msg("Old", 1, new byte[10], ""));
            assertThat(next.queueOffset()).as("no offset is given twice").isEqualTo(perQueue);
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(s.maxOffsetInQueue("Old", 1)).isEqualTo(perQueue + 1);
            assertThat(s.cleanExpiredQueues(t -> false))
                    .as("a live record keeps its topic; a deleted queue is not deleted again")
                    .containsExactly("SCHEDULE_TOPIC_XXXX");
        }
    }

    @Test
    void maintenanceNeedsARunningStore() {
        ManualClock clock = Fixtures.clock();
        DefaultMessageStore s = Fixtures.open(config(), clock);
        s.close();
        assertThatThrownBy(s::deleteExpiredSegmentsNow).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.cleanExpiredQueues(t -> false)).isInstanceOf(IllegalStateException.class);
    }
}
