package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.ManualClock;
import dev.skiff.common.concurrent.ManualScheduler;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.TagsCodeFunction;
import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.file.FileOps;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention time and hour change while the store runs (the broker's live config keys). */
class RetentionScheduleTest {
    private static final long HOUR_MS = 3_600_000L;

    @TempDir
    Path dir;

    private static int hourOf(long ms) {
        return Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).getHour();
    }

    @Test
    void aNewScheduleTakesEffectAtTheNextRun() {
        ManualClock clock = Fixtures.clock();
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .fileReservedMs(72 * HOUR_MS)
                .deleteHourOfDay((hourOf(Fixtures.T0) + 12) % 24)
                .retentionIntervalMs(HOUR_MS) // runs only when the test asks
                .build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            for (int i = 0; i < 60; i++) {
                put(s, msg("T", 0, new byte[3000], ""));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            long segments = s.commitLogMaxOffset() / (64 * 1024) + 1;
            assertThat(segments).isGreaterThanOrEqualTo(3);
            clock.advanceMs(120_000);
            assertThat(s.runRetention().segmentsDeleted())
                    .as("kept 72 h, deleted at another hour")
                    .isZero();

            s.setRetention(60_000, hourOf(clock.nowMs()));

            assertThat(s.runRetention().segmentsDeleted()).isEqualTo((int) segments - 1);
            assertThat(s.commitLogMinOffset()).isPositive();
        }
    }

    @Test
    void aBadScheduleIsRefused() {
        ManualClock clock = Fixtures.clock();
        StoreConfig cfg = Fixtures.smallConfig(dir).retentionIntervalMs(HOUR_MS).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            assertThatThrownBy(() -> s.setRetention(0, 4)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.setRetention(HOUR_MS, 24))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deleteHourOfDay");
        }
    }

    @Test
    void periodicDutiesRunWhenTheManualSchedulerMovesTime() throws Exception {
        ManualClock clock = Fixtures.clock();
        ManualScheduler duties = new ManualScheduler(clock);
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .fileReservedMs(60_000)
                .deleteHourOfDay(hourOf(Fixtures.T0 + HOUR_MS)) // the first run's hour
                .retentionIntervalMs(HOUR_MS)
                .checkpointIntervalMs(600_000)
                .build();
        try (DefaultMessageStore s = new DefaultMessageStore(
                cfg, clock, () -> 0.1, ArrivalListener.NONE, TagsCodeFunction.TAG_HASH, FileOps.SYSTEM, duties)) {
            s.start();
            for (int i = 0; i < 60; i++) {
                put(s, msg("T", 0, new byte[3000], ""));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            long segments = s.commitLogMaxOffset() / (64 * 1024) + 1;
            assertThat(segments).isGreaterThanOrEqualTo(3);

            assertThat(duties.advanceMs(HOUR_MS - 1))
                    .as("5 checkpoints, no retention yet")
                    .isEqualTo(5);
            assertThat(s.commitLogMinOffset()).isZero();
            assertThat(cfg.checkpointFile()).exists();

            assertThat(duties.advanceMs(1))
                    .as("the checkpoint and the retention run at 1 h")
                    .isEqualTo(2);
            assertThat(s.commitLogMinOffset()).isPositive();
            assertThat(duties.failures("retention") + duties.failures("checkpoint"))
                    .isZero();
        }
        assertThat(duties.pending())
                .as("closing the store closes its scheduler")
                .isZero();
    }
}
