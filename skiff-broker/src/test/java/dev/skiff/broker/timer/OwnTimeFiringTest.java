package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Own-time firing and the delivery gate on their own: a wheel in memory and a recording sink. */
class OwnTimeFiringTest {
    private static final long SLOT = 10; // the slot starting at 10 s, 1 s wide
    private final List<Long> delivered = new ArrayList<>();
    private int accept = Integer.MAX_VALUE; // how many the sink takes per call
    private final DeliveryGate gate = new DeliveryGate((offsets, from, to) -> {
        int n = Math.min(to - from, accept);
        for (int i = from; i < from + n; i++) {
            delivered.add(offsets[i]);
        }
        return n;
    });
    private final TimingWheel wheel = new TimingWheel(4, SLOT);

    private void add(long offset, long dueMs) {
        wheel.add(SLOT, offset, 1, dueMs, true);
    }

    @Test
    void deliversEachTimerAtItsOwnTimeAtMostOncePerStep() {
        OwnTimeFiring own = new OwnTimeFiring(wheel, gate, 1_000, 100);
        assertThat(own.fire(SLOT, 9_300)).as("not loaded yet").isZero();
        wheel.loadNext();
        add(1, 9_300);
        add(2, 9_700);
        add(3, 9_350);
        assertThat(own.nextDueMs(SLOT, 10_000)).isEqualTo(9_300);

        assertThat(own.fire(SLOT, 9_299)).as("never before its time").isZero();
        assertThat(own.fire(SLOT, 9_300)).isEqualTo(1);
        assertThat(delivered).containsExactly(1L);
        assertThat(own.nextDueMs(SLOT, 10_000))
                .as("the next due, 9.35 s, waits for the step (a tenth of a slot)")
                .isEqualTo(9_400);
        assertThat(own.fire(SLOT, 9_399)).isZero();
        assertThat(own.fire(SLOT, 9_400)).isEqualTo(1);
        assertThat(own.fire(SLOT, 9_800)).isEqualTo(1);
        assertThat(delivered).containsExactly(1L, 3L, 2L);
        assertThat(wheel.bucket(SLOT).next).isEqualTo(3);
        assertThat(gate.dequeued()).isEqualTo(3);

        assertThat(own.firedSlotPassed(SLOT)).as("its slot has not started").isFalse();
        assertThat(own.firedSlotPassed(SLOT + 1)).isTrue();
        own.passRecorded();
        assertThat(own.firedSlotPassed(SLOT + 1)).isFalse();
    }

    @Test
    void moreDueThanOneCallTakesComesBackAtOnce() {
        OwnTimeFiring own = new OwnTimeFiring(wheel, gate, 1_000, 2);
        wheel.loadNext();
        for (int i = 0; i < 5; i++) {
            add(i, 9_100);
        }
        assertThat(own.fire(SLOT, 9_500)).isEqualTo(2);
        assertThat(own.nextDueMs(SLOT, 10_000)).as("no step wait: more are due").isEqualTo(9_500);
        assertThat(own.fire(SLOT, 9_500)).isEqualTo(2);
        assertThat(own.fire(SLOT, 9_500)).isEqualTo(1);
        assertThat(delivered).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(gate.isOpen(9_500)).isTrue();
    }

    @Test
    void aRefusalClosesTheGateAndKeepsTheRest() {
        OwnTimeFiring own = new OwnTimeFiring(wheel, gate, 1_000, 100);
        wheel.loadNext();
        add(1, 9_100);
        add(2, 9_200);
        accept = 1;
        assertThat(own.fire(SLOT, 9_500)).isEqualTo(1);
        assertThat(gate.isOpen(9_500)).isFalse();
        assertThat(gate.closedUntilMs()).isEqualTo(9_500 + DeliveryGate.REFUSED_RETRY_MS);
        assertThat(gate.isOpen(9_500 + DeliveryGate.REFUSED_RETRY_MS)).isTrue();
        assertThat(wheel.bucket(SLOT).next).as("only what went is marked").isEqualTo(1);
        assertThat(gate.dequeued()).isEqualTo(1);
    }
}
