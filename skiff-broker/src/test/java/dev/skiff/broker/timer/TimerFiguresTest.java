package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The published figures on their own: rates from running totals, at most once a second. */
class TimerFiguresTest {
    @Test
    void ratesAreRecomputedOncePerSecondFromTheTotals() {
        TimerFigures f = new TimerFigures();
        f.sample(10_000, 7, 3, 2_500, 4, 0, 0);
        assertThat(f.pending()).isEqualTo(7);
        assertThat(f.inMemory()).isEqualTo(3);

        f.sample(10_500, 7, 3, 2_500, 4, 100, 50);
        assertThat(f.runtimeInfo("none"))
                .as("half a second: the rates wait")
                .containsEntry("timerEnqueueTps", "0.0")
                .containsEntry("timerDequeueTps", "0.0");

        f.sample(12_000, 5, 1, 1_999, 0, 300, 100);
        assertThat(f.runtimeInfo("copied from m"))
                .containsExactly(
                        java.util.Map.entry("timerReadBehind", "1"),
                        java.util.Map.entry("timerOffsetBehind", "0"),
                        java.util.Map.entry("timerCongestNum", "1"),
                        java.util.Map.entry("timerEnqueueTps", "150.0"),
                        java.util.Map.entry("timerDequeueTps", "50.0"),
                        java.util.Map.entry("timerPendingNum", "5"),
                        java.util.Map.entry("timerCheckpointCopy", "copied from m"));
    }
}
