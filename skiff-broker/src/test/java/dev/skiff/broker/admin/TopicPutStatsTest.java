package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPutStatsTest {
    private static final long START_MS = 1_700_000_000_000L;

    @Test
    void messagesCountAtOnceInEveryWindow() {
        TopicPutStats stats = new TopicPutStats(10, START_MS);
        assertThat(stats.view("T", START_MS)).isNull();
        for (int i = 0; i < 5; i++) {
            stats.record("T");
        }
        TopicPutStats.Snapshot s = stats.view("T", START_MS + 2_000);
        assertThat(s.minute().sum()).isEqualTo(5);
        assertThat(s.minute().tps()).isEqualTo(2.5);
        assertThat(s.hour().sum()).isEqualTo(5);
        assertThat(s.day().sum()).isEqualTo(5);
    }

    @Test
    void windowsForgetWhatIsOlderThanTheirSpan() {
        TopicPutStats stats = new TopicPutStats(10, START_MS);
        long now = START_MS;
        for (int i = 0; i < 30; i++) {
            stats.record("T");
        }
        // two minutes of once-a-second samples, 1 message every 10 s
        for (int second = 1; second <= 120; second++) {
            now += 1_000;
            if (second % 10 == 0) {
                stats.record("T");
            }
            stats.sample(now);
        }
        TopicPutStats.Snapshot s = stats.view("T", now);
        assertThat(s.minute().sum()).as("the last 60 s").isEqualTo(6);
        assertThat(s.minute().tps()).isEqualTo(0.1);
        assertThat(s.hour().sum()).as("since the first sample").isEqualTo(42);
        assertThat(s.day().sum()).isEqualTo(42);

        // hourly samples with no message: the minute and hour windows empty first; once the day
        // ring no longer reaches back to the messages, the idle topic is dropped
        for (int hour = 1; hour <= 25; hour++) {
            now += TopicPutStats.DAY_STEP_MS;
            stats.sample(now);
            if (hour == 24) {
                TopicPutStats.Snapshot idle = stats.view("T", now);
                assertThat(idle.minute().sum()).isZero();
                assertThat(idle.hour().sum()).isZero();
                assertThat(idle.day().sum()).isEqualTo(42);
            }
        }
        assertThat(stats.view("T", now)).isNull();
    }

    @Test
    void aTopicFirstSeenLateCountsFromZero() {
        TopicPutStats stats = new TopicPutStats(10, START_MS);
        long now = START_MS;
        for (int i = 0; i < 3; i++) {
            now += TopicPutStats.MINUTE_STEP_MS;
            stats.sample(now);
        }
        stats.record("Late");
        stats.record("Late");
        assertThat(stats.view("Late", now).minute().sum()).isEqualTo(2);
        now += TopicPutStats.MINUTE_STEP_MS;
        stats.sample(now);
        stats.record("Late");
        assertThat(stats.view("Late", now).minute().sum()).isEqualTo(3);
    }

    @Test
    void topicsBeyondTheLimitAreCountedApart() {
        TopicPutStats stats = new TopicPutStats(2, START_MS);
        stats.record("A");
        stats.record("B");
        stats.record("C");
        stats.record("C");
        assertThat(stats.view("C", START_MS)).isNull();
        assertThat(stats.untracked()).isEqualTo(2);
        assertThat(stats.view("A", START_MS + 1).minute().sum()).isEqualTo(1);
    }
}
