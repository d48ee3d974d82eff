package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.SelectedRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which parked messages a restart skips, on its own: the copy look-up is a recording predicate. */
class ReplayFilterTest {
    @TempDir
    Path dir;

    private TimerLog timerLog;
    private final List<Long> lookedUp = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        timerLog = TimerLog.open(dir.resolve("timerlog"), TimerLog.ENTRY_BYTES * 64);
    }

    @AfterEach
    void close() {
        timerLog.close();
    }

    private static SelectedRecord parked(long queueOffset, long deliverMs) {
        return new SelectedRecord(ByteBuffer.allocate(0), 1_000 + queueOffset, queueOffset, deliverMs);
    }

    private ReplayFilter filter(TimerCheckpoint ck, long startedAtMs, long enqueueFrom) {
        TimerCheckpoints checkpoints = new TimerCheckpoints(dir.resolve("timercheck"), 1_000, timerLog, ck);
        return new ReplayFilter(
                checkpoints,
                r -> {
                    lookedUp.add(r.queueOffset());
                    return r.queueOffset() % 2 == 0; // even offsets have their copy delivered
                },
                startedAtMs,
                enqueueFrom);
    }

    @Test
    void withoutACheckpointNothingIsSkipped() {
        ReplayFilter f = filter(null, 50_000, 0);
        assertThat(f.takeover()).isFalse();
        assertThat(f.skip(parked(0, 1_000))).isFalse();
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void belowTheCheckpointOffsetWhatItShowsFiredIsSkipped() {
        // the log reaches offset 10, as far as the checkpoint: no takeover
        ReplayFilter f = filter(new TimerCheckpoint(10, 20_000, 1_000), 50_000, 10);
        assertThat(f.takeover()).isFalse();
        assertThat(f.skip(parked(3, 19_000))).isTrue();
        assertThat(f.skip(parked(3, 19_001)))
                .as("its slot starts at the dequeue time")
                .isFalse();
        assertThat(f.skip(parked(10, 1_000)))
                .as("at or past the checkpoint offset")
                .isFalse();
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void aTakeoverLooksUpCopiesOfTimersDueBeforeItsStartOnly() {
        ReplayFilter f = filter(new TimerCheckpoint(10, 20_000, 1_000), 50_000, 0);
        assertThat(f.takeover()).as("the checkpoint reaches past the log").isTrue();
        assertThat(f.skip(parked(3, 19_000))).as("fired: no look-up needed").isTrue();
        assertThat(f.skip(parked(4, 30_000))).as("copy found").isTrue();
        assertThat(f.skip(parked(5, 30_000))).as("no copy").isFalse();
        assertThat(f.skip(parked(6, 50_000))).as("not due before the start").isFalse();
        assertThat(lookedUp).containsExactly(4L, 5L);
    }

    @Test
    void aCopiedCheckpointTakenAtTheFirstPassMovesTheStart() {
        ReplayFilter f = filter(null, 50_000, 3);
        f.restartFrom(new TimerCheckpoint(10, 20_000, 1_000), 60_000, 3);
        assertThat(f.takeover()).isTrue();
        assertThat(f.skip(parked(4, 55_000)))
                .as("due before the new start: looked up")
                .isTrue();
        assertThat(lookedUp).containsExactly(4L);
    }
}
