package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading slots from a real timer log and firing them, without a store: the delivered offsets are
 * recorded, the time is given by the test.
 */
class SlotFiringTest {
    private static final int PRECISION_MS = 1_000;

    @TempDir
    Path dir;

    private final List<Long> delivered = new ArrayList<>();
    private int accept = Integer.MAX_VALUE;
    private TimerLog timerLog;
    private SlotIndex index;
    private TimingWheel wheel;
    private DeliveryGate gate;
    private WheelLoader loader;
    private SlotFiring firing;

    @BeforeEach
    void open() throws Exception {
        timerLog = TimerLog.open(dir.resolve("timerlog"), TimerLog.ENTRY_BYTES * 1024);
        timerLog.recover((pos, e) -> {}); // a new log: nothing to link
        wire(10, 1_000);
    }

    private void wire(long firstSlot, int entriesMax) {
        TimerSettings settings = new TimerSettings(dir, PRECISION_MS, 3_600, 4_000, entriesMax, TimerLog.ENTRY_BYTES);
        index = new SlotIndex(settings.slotCells());
        wheel = new TimingWheel(settings.windowSlots() + 1, firstSlot);
        gate = new DeliveryGate((offsets, from, to) -> {
            int n = Math.min(to - from, accept);
            for (int i = from; i < from + n; i++) {
                delivered.add(offsets[i]);
            }
            return n;
        });
        loader = new WheelLoader(wheel, index, timerLog, settings);
        OwnTimeFiring own = new OwnTimeFiring(wheel, gate, PRECISION_MS, SlotFiring.DELIVER_PER_PASS_MAX);
        firing = new SlotFiring(wheel, index, loader, gate, own, PRECISION_MS);
    }

    @AfterEach
    void close() {
        timerLog.close();
    }

    /** Logs and links a timer, as the enqueue stage does. */
    private void log(long commitLogOffset, long deliverMs) {
        long slot = TimerSettings.slotOf(deliverMs, PRECISION_MS);
        TimerLog.Entry e = new TimerLog.Entry().set(deliverMs, commitLogOffset, commitLogOffset, 100, 0);
        e.prevPos = index.head(slot);
        index.linked(slot, timerLog.append(e));
    }

    @Test
    void slotsLoadFromTheLogAndFireAtTheirStartInTheOrderTakenIn() {
        log(1, 10_000);
        log(2, 10_500); // slot 11
        log(3, 9_999); // slot 10
        log(4, 11_000); // slot 11
        log(5, 13_000);
        assertThat(loader.loadAhead())
                .as("all loaded, nothing more to come back for")
                .isZero();
        assertThat(wheel.size()).isEqualTo(5);

        assertThat(firing.fireDue(9_998)).as("nothing due yet").isZero();
        assertThat(firing.fireDue(9_999))
                .as("the timer due at 9.999 s goes at its own time")
                .isEqualTo(1);
        assertThat(delivered).containsExactly(3L);
        assertThat(wheel.firstSlot())
                .as("its slot, 10, passes only at its start")
                .isEqualTo(10);
        assertThat(firing.fireDue(10_000)).isEqualTo(1);
        assertThat(delivered).containsExactly(3L, 1L);
        assertThat(wheel.firstSlot()).isEqualTo(11);
        assertThat(index.live()).isEqualTo(3);

        assertThat(firing.fireDue(12_000)).as("two timers and two slots").isEqualTo(4);
        assertThat(delivered).containsExactly(3L, 1L, 2L, 4L);
        assertThat(wheel.firstSlot()).isEqualTo(13);
        assertThat(firing.nextDueMs()).isEqualTo(13_000);
        assertThat(gate.dequeued()).isEqualTo(4);
    }

    @Test
    void theSlotDueNowLoadsWhateverItsSizeAndLaterSlotsWaitForMemory() {
        wire(10, 2);
        for (int i = 0; i < 3; i++) {
            log(i, 10_000);
        }
        log(9, 11_000);
        loader.loadAhead();
        assertThat(wheel.isLoaded(10)).as("three timers do not fit in two").isFalse();
        assertThat(firing.fireDue(10_000)).isEqualTo(3);
        assertThat(delivered).containsExactly(0L, 1L, 2L);
        loader.loadAhead();
        assertThat(wheel.isLoaded(11)).isTrue();
        assertThat(wheel.size()).isEqualTo(1);
    }

    @Test
    void aRefusalStopsThePassAndTheSlotStaysUnfired() {
        log(1, 10_000);
        log(2, 10_000);
        loader.loadAhead();
        accept = 1;
        firing.fireDue(10_000);
        assertThat(delivered).containsExactly(1L);
        assertThat(gate.isOpen(10_000)).isFalse();
        assertThat(wheel.firstSlot()).as("not marked fired").isEqualTo(10);
        assertThat(index.live()).isEqualTo(2);

        accept = Integer.MAX_VALUE;
        firing.fireDue(10_000 + DeliveryGate.REFUSED_RETRY_MS);
        assertThat(delivered).as("the rest, not the first again").containsExactly(1L, 2L);
        assertThat(index.live()).isZero();
    }
}
