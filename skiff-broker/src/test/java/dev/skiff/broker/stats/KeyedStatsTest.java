package dev.skiff.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.stats.KeyedStats.Figure;
import dev.skiff.common.ManualClock;
import org.junit.jupiter.api.Test;

class KeyedStatsTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final long MINUTE_MS = 60_000;

    private final ManualClock clock = new ManualClock(START_MS);

    @Test
    void messagesAndBytesCountAtOnceInEveryWindow() {
        KeyedStats stats = new KeyedStats(10, clock.nowMs());
        assertThat(stats.view("T", Figure.MESSAGES, clock.nowMs())).isNull();
        for (int i = 0; i < 5; i++) {
            stats.record("T", 1, 100);
        }
        clock.advanceMs(2_000);
        KeyedStats.Snapshot messages = stats.view("T", Figure.MESSAGES, clock.nowMs());
        assertThat(messages.minute()).isEqualTo(new KeyedStats.Window(5, 2.5, 1));
        assertThat(messages.hour().sum()).isEqualTo(5);
        assertThat(messages.day().sum()).isEqualTo(5);
        KeyedStats.Snapshot bytes = stats.view("T", Figure.BYTES, clock.nowMs());
        assertThat(bytes.minute()).isEqualTo(new KeyedStats.Window(500, 250, 100));
        assertThat(bytes.day().sum()).isEqualTo(500);
        assertThat(stats.minuteMessageTps("T", clock.nowMs())).isEqualTo(2.5);
    }

    @Test
    void twoPartKeysAreReadByTheirOfficialForm() {
        KeyedStats stats = new KeyedStats(10, clock.nowMs());
        stats.record("T", "g", 3, 300);
        stats.record("T", "g", 2, 50);
        stats.record("T", "h", 1, 10);
        clock.advanceMs(1_000);
        assertThat(stats.view("T@g", Figure.MESSAGES, clock.nowMs()).minute())
                .isEqualTo(new KeyedStats.Window(5, 5, 2.5));
        assertThat(stats.view("T@g", Figure.BYTES, clock.nowMs()).minute().sum())
                .isEqualTo(350);
        assertThat(stats.view("T@h", Figure.MESSAGES, clock.nowMs()).minute().sum())
                .isEqualTo(1);
        assertThat(stats.view("T", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.view("g@T", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.size()).isEqualTo(2);
    }

    @Test
    void eachWindowForgetsWhatIsOlderThanItsSpanAndIdleKeysGo() {
        KeyedStats stats = new KeyedStats(10, clock.nowMs());
        stats.record("T", "g", 10, 1_000);
        sampleEvery10sUntil(stats, START_MS + 2 * MINUTE_MS);
        KeyedStats.Snapshot s = view(stats);
        assertThat(s.minute().sum()).as("nothing in the last minute").isZero();
        assertThat(s.minute().tps()).isZero();
        assertThat(s.minute().avgpt()).as("no call in the last minute").isZero();
        assertThat(s.hour().sum()).isEqualTo(10);
        assertThat(s.day().sum()).isEqualTo(10);

        stats.record("T", "g", 3, 300);
        sampleEvery10sUntil(stats, START_MS + 15 * MINUTE_MS);
        stats.record("T", "g", 4, 400);
        sampleEvery10sUntil(stats, START_MS + 72 * MINUTE_MS);
        s = view(stats);
        // hour samples at 0, 10, ..., 70 min; the 7-slot ring keeps 10..70, when 13 were counted
        assertThat(s.hour().sum()).as("the last hour").isEqualTo(4);
        assertThat(s.hour().tps()).isEqualTo(4 * 1000.0 / (62 * MINUTE_MS));
        assertThat(s.day().sum()).isEqualTo(17);
        assertThat(s.hour().avgpt()).as("one call of 4 in the last hour").isEqualTo(4.0);
        assertThat(s.day().avgpt()).as("17 in 3 calls").isEqualTo(17.0 / 3);
        assertThat(stats.view("T@g", Figure.BYTES, clock.nowMs()).day().sum()).isEqualTo(1_700);

        stats.record("T", "g", 5, 500);
        for (int hour = 0; hour < 24; hour++) {
            clock.advanceMs(KeyedStats.DAY_STEP_MS);
            stats.sample(clock.nowMs());
        }
        // day samples at 0 and 60 min, then 24 more an hour apart: the 25-slot ring starts at 60 min
        s = view(stats);
        assertThat(s.day().sum()).as("the last day").isEqualTo(5);
        assertThat(s.hour().sum()).isZero();

        // one more: the ring starts after the last count, so the key is idle for a day and goes
        clock.advanceMs(KeyedStats.DAY_STEP_MS);
        stats.sample(clock.nowMs());
        assertThat(view(stats)).as("no count over a whole day: dropped").isNull();
        assertThat(stats.size()).isZero();

        stats.record("T", "g", 1, 10);
        assertThat(view(stats).day().sum()).as("counted again from zero").isEqualTo(1);
    }

    @Test
    void aKeyFirstSeenLateCountsFromZero() {
        KeyedStats stats = new KeyedStats(10, clock.nowMs());
        for (int i = 0; i < 3; i++) {
            clock.advanceMs(KeyedStats.MINUTE_STEP_MS);
            stats.sample(clock.nowMs());
        }
        stats.record("Late", 2, 20);
        assertThat(stats.view("Late", Figure.MESSAGES, clock.nowMs()).minute().sum())
                .isEqualTo(2);
        clock.advanceMs(KeyedStats.MINUTE_STEP_MS);
        stats.sample(clock.nowMs());
        stats.record("Late", 1, 10);
        assertThat(stats.view("Late", Figure.MESSAGES, clock.nowMs()).minute().sum())
                .isEqualTo(3);
        assertThat(stats.view("Late", Figure.BYTES, clock.nowMs()).minute().sum())
                .isEqualTo(30);
    }

    @Test
    void keysBeyondTheLimitAreCountedApartUntilOneIsRemoved() {
        KeyedStats stats = new KeyedStats(2, clock.nowMs());
        stats.record("A", "g", 1, 1);
        stats.record("B", "g", 1, 1);
        stats.record("C", "g", 2, 2);
        stats.record("C", "g", 3, 3);
        stats.record("D", 4, 4);
        assertThat(stats.size()).isEqualTo(2);
        assertThat(stats.view("C@g", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.view("D", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.untracked()).isEqualTo(9);
        assertThat(stats.view("A@g", Figure.MESSAGES, clock.nowMs() + 1)
                        .minute()
                        .sum())
                .isEqualTo(1);

        stats.removeIf("A"::equals, group -> true);
        stats.record("C", "g", 1, 1);
        assertThat(stats.view("C@g", Figure.MESSAGES, clock.nowMs()).day().sum())
                .isEqualTo(1);
        assertThat(stats.untracked()).isEqualTo(9);
    }

    @Test
    void keysAreRemovedByTopicOrByGroup() {
        KeyedStats stats = new KeyedStats(10, clock.nowMs());
        stats.record("T1", "g1", 1, 1);
        stats.record("T1", "g2", 1, 1);
        stats.record("T2", "g1", 1, 1);
        stats.record("T2", "g2", 1, 1);

        stats.removeIf("T1"::equals, group -> true);
        assertThat(stats.view("T1@g1", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.view("T1@g2", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.size()).isEqualTo(2);

        stats.removeIf(topic -> true, "g1"::equals);
        assertThat(stats.view("T2@g1", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(stats.view("T2@g2", Figure.MESSAGES, clock.nowMs())).isNotNull();

        // a removed key counts again from zero, through the pull path's index as well
        stats.record("T1", "g1", 7, 70);
        assertThat(stats.view("T1@g1", Figure.MESSAGES, clock.nowMs()).minute().sum())
                .isEqualTo(7);

        KeyedStats topics = new KeyedStats(10, clock.nowMs());
        topics.record("T1", 1, 1);
        topics.record("T2", 1, 1);
        topics.removeIf("T1"::equals, second -> true);
        assertThat(topics.view("T1", Figure.MESSAGES, clock.nowMs())).isNull();
        assertThat(topics.view("T2", Figure.MESSAGES, clock.nowMs())).isNotNull();
    }

    private KeyedStats.Snapshot view(KeyedStats stats) {
        return stats.view("T@g", Figure.MESSAGES, clock.nowMs());
    }

    private void sampleEvery10sUntil(KeyedStats stats, long untilMs) {
        while (clock.nowMs() < untilMs) {
            clock.advanceMs(KeyedStats.MINUTE_STEP_MS);
            stats.sample(clock.nowMs());
        }
    }
}
