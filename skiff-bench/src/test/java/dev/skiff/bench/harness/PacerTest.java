package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void intendedStartsAreEvenlySpacedAtTheRate() {
        Pacer pacer = new Pacer(10_000, 1_000, () -> 0);
        assertThat(pacer.intendedStartNs(0)).isEqualTo(1_000);
        assertThat(pacer.intendedStartNs(1)).isEqualTo(1_000 + 100_000);
        assertThat(pacer.intendedStartNs(10_000)).isEqualTo(1_000 + 1_000_000_000L);
    }

    @Test
    void aLateSenderGetsTheScheduleNotTheCurrentTime() {
        // the clock is far past the schedule (a stalled broker held the sender back): the pacer
        // must not wait and must hand out the original intended starts, so the latency measured
        // from them includes the time the operations spent waiting (coordinated omission).
        AtomicLong now = new AtomicLong(5_000_000_000L);
        Pacer pacer = new Pacer(1_000, 0, now::get);
        long deadline = 10_000_000_000L;
        assertThat(pacer.awaitNext(deadline)).isEqualTo(0);
        assertThat(pacer.awaitNext(deadline)).isEqualTo(1_000_000);
        assertThat(pacer.awaitNext(deadline)).isEqualTo(2_000_000);
        assertThat(pacer.issued()).isEqualTo(3);
        assertThat(pacer.dueBy(now.get())).isEqualTo(5_001);
    }

    @Test
    void waitsUntilTheIntendedStart() {
        AtomicLong clock = new AtomicLong(0);
        // each clock read moves time forward 10 us: the pacer must keep reading until it reaches 1 ms
        Pacer pacer = new Pacer(1_000, 0, () -> clock.addAndGet(10_000));
        pacer.awaitNext(Long.MAX_VALUE);
        long intended = pacer.awaitNext(Long.MAX_VALUE);
        assertThat(intended).isEqualTo(1_000_000);
        assertThat(clock.get()).isGreaterThanOrEqualTo(1_000_000);
    }

    @Test
    void stopsAtTheDeadline() {
        Pacer pacer = new Pacer(1_000, 0, () -> Long.MAX_VALUE / 2);
        long deadline = 3_000_000; // ops 0, 1, 2 start before it
        int handedOut = 0;
        while (pacer.awaitNext(deadline) >= 0 && handedOut < 100) {
            handedOut++;
        }
        assertThat(handedOut).isEqualTo(3);
    }

    @Test
    void unpacedHandsOutNowUntilTheDeadline() {
        AtomicLong now = new AtomicLong(500);
        Pacer pacer = new Pacer(0, 0, now::get);
        assertThat(pacer.paced()).isFalse();
        assertThat(pacer.awaitNext(1_000)).isEqualTo(500);
        now.set(1_000);
        assertThat(pacer.awaitNext(1_000)).isEqualTo(-1);
        assertThat(pacer.dueBy(1_000)).isZero();
    }

    @Test
    void rateOverManyOperationsMatchesTheTarget() {
        Pacer pacer = new Pacer(7_000, 0, () -> Long.MAX_VALUE / 2);
        long deadline = 2_000_000_000L; // two seconds of schedule
        long n = 0;
        while (pacer.awaitNext(deadline) >= 0 && n < 1_000_000) {
            n++;
        }
        assertThat(n).isBetween(13_999L, 14_001L);
    }

    @Test
    void negativeRateIsRejected() {
        assertThatThrownBy(() -> new Pacer(-1, 0, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
