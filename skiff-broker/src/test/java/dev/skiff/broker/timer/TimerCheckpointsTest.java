package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer's checkpoints on their own: real files, times given by the test. */
class TimerCheckpointsTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private TimerLog timerLog;

    @BeforeEach
    void open() throws Exception {
        timerLog = TimerLog.open(dir.resolve("timerlog"), TimerLog.ENTRY_BYTES * 64);
    }

    @AfterEach
    void close() {
        timerLog.close();
    }

    private Path file() {
        return dir.resolve("timercheck");
    }

    @Test
    void writesOnlyWhenProgressMovedOrAskedAndAtMostOncePerInterval() throws Exception {
        TimerCheckpoints c = new TimerCheckpoints(file(), 1_000, timerLog, null);
        assertThat(c.due(T0)).isTrue();
        assertThat(c.write(T0, 5, 0, T0 / 1_000, false)).isTrue();
        assertThat(TimerCheckpoint.read(file())).isEqualTo(new TimerCheckpoint(5, T0, 1_000));
        assertThat(c.lastWritten()).isEqualTo(new TimerCheckpoint(5, T0, 1_000));

        assertThat(c.due(T0 + 999)).as("once a second at most").isFalse();
        assertThat(c.due(T0 + 1_000)).isTrue();
        assertThat(c.write(T0 + 1_000, 5, 0, T0 / 1_000 + 1, false))
                .as("the wheel moved, but neither offset nor dequeued count did")
                .isFalse();
        assertThat(c.due(T0 + 1_500))
                .as("an unchanged check counts as a checkpoint")
                .isFalse();
        assertThat(TimerCheckpoint.read(file()).dequeueMs()).isEqualTo(T0);

        assertThat(c.write(T0 + 2_000, 5, 0, T0 / 1_000 + 2, true))
                .as("another reason (an own-time slot passed)")
                .isTrue();
        assertThat(TimerCheckpoint.read(file()).dequeueMs()).isEqualTo(T0 + 2_000);
        assertThat(c.write(T0 + 3_000, 5, 3, T0 / 1_000 + 3, false))
                .as("timers dequeued")
                .isTrue();
        assertThat(c.write(T0 + 4_000, 5, 3, T0 / 1_000 + 3, false)).isFalse();
        c.forgetWritten();
        assertThat(c.write(T0 + 5_000, 5, 3, T0 / 1_000 + 3, false))
                .as("at stop and close")
                .isTrue();
    }

    @Test
    void aFailedWriteIsReportedAndNotRecordedAsWritten() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a directory should be");
        TimerCheckpoints c = new TimerCheckpoints(blocker.resolve("timercheck"), 1_000, timerLog, null);
        assertThat(c.write(T0, 5, 0, T0 / 1_000, false)).isFalse();
        assertThat(c.lastWritten()).isNull();
    }

    @Test
    void theStartSlotAndWhatFiredAreCountedInTheCheckpointsOwnSlotWidth() {
        TimerCheckpoint ck = new TimerCheckpoint(7, 10_000, 1_000);
        TimerCheckpoints same = new TimerCheckpoints(file(), 1_000, timerLog, ck);
        assertThat(same.firstSlot(99_999)).isEqualTo(10);
        TimerCheckpoints finer = new TimerCheckpoints(file(), 100, timerLog, ck);
        assertThat(finer.firstSlot(99_999))
                .as("the width changed: one old slot earlier, in the new width")
                .isEqualTo(90);
        assertThat(new TimerCheckpoints(file(), 100, timerLog, null).firstSlot(12_345))
                .as("no checkpoint: the slot of now")
                .isEqualTo(123);

        // in 1 s slots a timer due at 9.001 s is in slot 10, which starts at the dequeue time: not fired
        assertThat(finer.firedBeforeStart(9_000)).isTrue();
        assertThat(finer.firedBeforeStart(9_001)).isFalse();
        assertThat(finer.firedBeforeStart(10_000)).isFalse();
        assertThat(TimerCheckpoints.firedBefore(null, 0))
                .as("nothing known fired")
                .isFalse();
    }

    @Test
    void aSlaveAdoptsItsMastersCheckpointInItsOwnSlotWidthUntilItsTimerRuns() throws Exception {
        TimerCheckpoints c = new TimerCheckpoints(file(), 100, timerLog, null);
        byte[] body = TimerCheckpointWire.encode(new TimerCheckpoint(42, T0, 1_000));
        assertThat(c.adoptMaster(body, false)).isTrue();
        assertThat(TimerCheckpoint.read(file())).isEqualTo(new TimerCheckpoint(42, T0, 100));
        assertThat(c.adoptMaster(body, false))
                .as("the same again changes nothing")
                .isFalse();

        assertThatThrownBy(() -> c.adoptMaster(new byte[8], false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.adoptMaster(TimerCheckpointWire.encode(new TimerCheckpoint(43, T0, 100)), true))
                .isInstanceOf(IllegalStateException.class);
        assertThat(TimerCheckpoint.read(file()).enqueueOffset())
                .as("a running timer's file is its own")
                .isEqualTo(42);

        assertThat(c.atStart()).isNull();
        assertThat(c.takeCopiedAsStart()).isEqualTo(new TimerCheckpoint(42, T0, 100));
        assertThat(c.atStart()).isEqualTo(new TimerCheckpoint(42, T0, 100));
        assertThat(c.takeCopiedAsStart()).as("taken once").isNull();
    }

    @Test
    void theCopyStateStartsAtNone() {
        TimerCheckpoints c = new TimerCheckpoints(file(), 1_000, timerLog, null);
        assertThat(c.copyState()).isEqualTo("none");
        c.copyState("copied from m");
        assertThat(c.copyState()).isEqualTo("copied from m");
    }
}
