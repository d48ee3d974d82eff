package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The in-memory window and the slot index on their own. */
class TimingWheelTest {
    @Test
    void theWindowLoadsInOrderAndGivesMemoryBack() {
        TimingWheel wheel = new TimingWheel(3, 100);
        assertThat(wheel.isLoaded(100)).isFalse();
        wheel.loadNext();
        wheel.add(100, 1_000, 10, 100 * 1_000L, true);
        wheel.loadNext();
        wheel.add(101, 2_000, 20, 101 * 1_000L, true);
        wheel.add(101, 2_100, 21, 101 * 1_000L, false);
        wheel.loadNext();
        assertThat(wheel.hasRoom()).as("three slots is the window").isFalse();
        assertThatThrownBy(wheel::loadNext).isInstanceOf(IllegalStateException.class);
        assertThat(wheel.size()).isEqualTo(3);
        assertThat(wheel.bucket(101).fromLog).isEqualTo(1);

        wheel.unloadFrom(101);
        assertThat(wheel.loadedTo()).isEqualTo(101);
        assertThat(wheel.size()).isEqualTo(1);
        assertThatThrownBy(() -> wheel.add(101, 1, 1, 101 * 1_000L, true)).isInstanceOf(IllegalStateException.class);

        wheel.unloadFrom(100);
        assertThat(wheel.isLoaded(100))
                .as("the slot due next is never given back")
                .isTrue();

        wheel.advance();
        assertThat(wheel.firstSlot()).isEqualTo(101);
        assertThat(wheel.size()).isZero();
        TimingWheel.Bucket b = wheel.loadNext();
        assertThat(b.n).as("a reused bucket starts empty").isZero();
    }

    @Test
    void aCellKeepsItsLaterSlotsWhenAnEarlierOneFires() {
        SlotIndex index = new SlotIndex(10);
        index.linked(5, 0);
        index.linked(15, 48);
        index.linked(5, 96);
        assertThat(index.head(15)).isEqualTo(96);
        assertThat(index.liveInCell(5)).isEqualTo(3);
        assertThat(index.mayHold(5)).isTrue();
        assertThat(index.live()).isEqualTo(3);

        index.fired(5, 2);
        assertThat(index.liveInCell(15)).isEqualTo(1);
        assertThat(index.mayHold(5)).isFalse();
        assertThat(index.mayHold(15)).isTrue();
        assertThat(index.head(15))
                .as("the chain still leads to slot 15's entry")
                .isEqualTo(96);

        index.fired(15, 1);
        assertThat(index.head(15)).isEqualTo(-1);
        assertThat(index.live()).isZero();
        assertThatThrownBy(() -> index.fired(25, 1)).isInstanceOf(IllegalStateException.class);
    }
}
