package dev.skiff.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import org.junit.jupiter.api.Test;

class InSyncRuleTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final InSyncRule rule = new InSyncRule(1_000, 15_000);
    private final SlaveLink link = new SlaveLink("127.0.0.1:5555");

    @Test
    void aNewSlaveJoinsWhenItCatchesUp() {
        assertThat(rule.inSync(link, 0, clock.nowMs())).isFalse();
        rule.onReport(link, 0, 50_000, clock.nowMs()); // far behind
        assertThat(rule.inSync(link, 50_000, clock.nowMs())).isFalse();
        assertThat(link.requestOffset).isZero();
        rule.onReport(link, 49_500, 50_000, clock.nowMs()); // within the gap but not caught up yet
        assertThat(rule.inSync(link, 50_000, clock.nowMs())).isFalse();
        rule.onReport(link, 50_000, 50_500, clock.nowMs()); // reached where the end was at its last report
        assertThat(rule.inSync(link, 50_500, clock.nowMs())).isTrue();
        assertThat(link.requestOffset).isZero();
    }

    @Test
    void aSlaveTooFarBehindLeavesAtOnceAndReturns() {
        rule.onReport(link, 10_000, 10_000, clock.nowMs());
        assertThat(rule.inSync(link, 10_999, clock.nowMs())).isTrue();
        assertThat(rule.inSync(link, 11_000, clock.nowMs())).isFalse(); // gap reached 1,000 bytes
        rule.onReport(link, 11_000, 11_000, clock.nowMs());
        assertThat(rule.inSync(link, 11_000, clock.nowMs())).isTrue();
    }

    @Test
    void aSilentOrLaggingSlaveAgesOut() {
        rule.onReport(link, 10_000, 10_000, clock.nowMs());
        clock.advanceMs(15_000);
        assertThat(rule.inSync(link, 10_100, clock.nowMs())).isTrue();
        clock.advanceMs(1);
        assertThat(rule.inSync(link, 10_100, clock.nowMs())).isFalse(); // silent for over 15 s
        // reports that never reach where the end was: still out
        for (int i = 0; i < 20; i++) {
            clock.advanceMs(1_000);
            long max = 20_000 + i * 100L;
            rule.onReport(link, max - 500, max, clock.nowMs());
        }
        assertThat(rule.inSync(link, 21_900, clock.nowMs())).isFalse();
        clock.advanceMs(1_000);
        rule.onReport(link, 21_900, 22_000, clock.nowMs());
        assertThat(rule.inSync(link, 22_000, clock.nowMs())).isTrue();
    }

    @Test
    void aDisconnectedSlaveIsOut() {
        rule.onReport(link, 10_000, 10_000, clock.nowMs());
        link.connected = false;
        assertThat(rule.inSync(link, 10_000, clock.nowMs())).isFalse();
    }
}
