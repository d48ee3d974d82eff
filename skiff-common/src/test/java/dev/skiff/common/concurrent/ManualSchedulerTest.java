package dev.skiff.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
    @Test
    void dutiesRunAtTheirDueTimesInOrderAndOnlyWhenTimeMoves() {
        ManualClock clock = new ManualClock(1_000);
        List<String> runs = new ArrayList<>();
        try (ManualScheduler s = new ManualScheduler(clock)) {
            s.scheduleWithFixedDelay("every-100", 100, 100, () -> runs.add("p@" + clock.nowMs()));
            s.schedule("once-250", 250, () -> runs.add("o@" + clock.nowMs()));
            Scheduler.Cancellable late = s.schedule("cancelled", 150, () -> runs.add("never"));
            late.cancel();
            assertThat(runs).isEmpty();

            assertThat(s.advanceMs(99)).isZero();
            assertThat(s.advanceMs(301)).isEqualTo(5);
            assertThat(runs).containsExactly("p@1100", "p@1200", "o@1250", "p@1300", "p@1400");
            assertThat(clock.nowMs()).isEqualTo(1_400);
            assertThat(s.pending()).isEqualTo(1);
        }
    }

    @Test
    void aThrowingDutyIsCountedAndKeepsItsSchedule() {
        ManualClock clock = new ManualClock(0);
        int[] calls = {0};
        try (ManualScheduler s = new ManualScheduler(clock)) {
            s.scheduleWithFixedDelay("flaky", 10, 10, () -> {
                calls[0]++;
                throw new IllegalStateException("disk gone");
            });
            s.advanceMs(50);
            assertThat(calls[0]).isEqualTo(5);
            assertThat(s.failures("flaky")).isEqualTo(5);
            assertThat(s.failures("other")).isZero();
        }
    }

    @Test
    void threadSchedulerRunsAndCountsOnRealTime() throws Exception {
        try (ThreadScheduler s = new ThreadScheduler("test-sched", 1, dev.skiff.common.SkiffClock.system())) {
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(3);
            s.scheduleWithFixedDelay("tick", 0, 1, () -> {
                ran.countDown();
                throw new RuntimeException("counted");
            });
            assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(s.failures("tick")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void threadSchedulerClosingLetsARunFinishOrInterruptsItAsAsked() throws Exception {
        for (boolean interrupt : new boolean[] {true, false}) {
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicReference<String> end =
                    new java.util.concurrent.atomic.AtomicReference<>();
            ThreadScheduler s = new ThreadScheduler("close-test", 1, dev.skiff.common.SkiffClock.system(), interrupt);
            s.schedule("long", 0, () -> {
                running.countDown();
                try {
                    // a run of 300 ms that nobody shortens unless the close interrupts it
                    end.set(never.await(300, java.util.concurrent.TimeUnit.MILLISECONDS) ? "released" : "finished");
                } catch (InterruptedException e) {
                    end.set("interrupted");
                }
            });
            assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            s.close(); // returns once the run has ended (bounded wait)
            assertThat(end.get()).as("interruptOnClose=" + interrupt).isEqualTo(interrupt ? "interrupted" : "finished");
        }
    }
}
