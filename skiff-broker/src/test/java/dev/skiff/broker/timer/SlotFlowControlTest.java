package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.RandomSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotFlowControlTest {
    private final AtomicInteger waiting = new AtomicInteger();

    private SlotFlowControl control(int limit) {
        return new SlotFlowControl(limit, 1_000, ms -> waiting.get(), RandomSource.seeded(7));
    }

    @Test
    void belowTheLimitEverythingIsAcceptedFromTwiceItNothing() {
        SlotFlowControl c = control(100);
        waiting.set(99);
        assertThat(c.refuses(5_000, 0)).isFalse();
        waiting.set(150);
        assertThat(c.refuses(5_000, 50))
                .as("waiting + admitted in the same batch")
                .isTrue();
        waiting.set(200);
        for (int i = 0; i < 1_000; i++) {
            assertThat(c.refuses(5_000, 0)).isTrue();
        }
    }

    @Test
    void betweenTheLimitAndTwiceItRefusalsGrowWithTheLoad() {
        SlotFlowControl c = control(1_000);
        int[] refusedOf10k = new int[3];
        int[] load = {1_000, 1_250, 1_750};
        for (int k = 0; k < load.length; k++) {
            waiting.set(load[k]);
            for (int i = 0; i < 10_000; i++) {
                if (c.refuses(5_000, 0)) {
                    refusedOf10k[k]++;
                }
            }
        }
        assertThat(refusedOf10k[0]).as("at the limit").isZero();
        assertThat(refusedOf10k[1]).as("a quarter over").isBetween(2_200, 2_800);
        assertThat(refusedOf10k[2]).as("three quarters over").isBetween(7_200, 7_800);
    }

    @Test
    void slotsAreDeliveryTimesRoundedUpAndUnlimitedNeverRefuses() {
        SlotFlowControl c = control(10);
        assertThat(c.slotOf(5_000)).isEqualTo(5);
        assertThat(c.slotOf(5_001)).isEqualTo(6);
        waiting.set(Integer.MAX_VALUE);
        assertThat(SlotFlowControl.none().refuses(5_000, 1_000_000)).isFalse();
    }
}
