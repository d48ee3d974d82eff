package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.ManualClock;
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
}
