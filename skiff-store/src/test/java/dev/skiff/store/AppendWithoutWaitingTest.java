package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The append a network I/O thread may make: it never waits, and when it would (a segment roll, a
 * write through a system call) it answers WOULD_WAIT having changed nothing, so the caller can
 * hand the same message to a thread that may wait.
 */
class AppendWithoutWaitingTest {
    private static final int SEGMENT_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void aRollIsLeftToAThreadThatMayWaitAndNothingChangesMeanwhile() {
        try (DefaultMessageStore s = Fixtures.open(Fixtures.smallConfig(dir).build(), Fixtures.clock())) {
            byte[] body = new byte[1_000];
            PutReceipt r = new PutReceipt();
            assertThat(s.appendWithoutWaiting(Fixtures.msg("T", 0, body, ""), r))
                    .as("the first segment is not there yet")
                    .isEqualTo(PutStatus.WOULD_WAIT);
            assertThat(s.append(Fixtures.msg("T", 0, body, ""), r)).isEqualTo(PutStatus.PUT_OK);
            int appendedInline = 1;
            PutStatus status;
            while ((status = s.appendWithoutWaiting(Fixtures.msg("T", 0, body, ""), r)) == PutStatus.PUT_OK) {
                appendedInline++;
                assertThat(appendedInline).as("bounded by one segment").isLessThan(SEGMENT_BYTES / body.length);
            }
            assertThat(status).isEqualTo(PutStatus.WOULD_WAIT);
            assertThat(appendedInline).isGreaterThan(50);
            long end = s.commitLogMaxOffset();
            assertThat(end).as("still in the first segment").isLessThan(SEGMENT_BYTES);
            assertThat(s.awaitDispatched(5_000)).isTrue();
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(appendedInline);

            assertThat(s.putMessageWithoutWaiting(Fixtures.msg("T", 0, body, "")))
                    .isNull();
            assertThat(s.commitLogMaxOffset()).isEqualTo(end);

            assertThat(s.append(Fixtures.msg("T", 0, body, ""), r)).isEqualTo(PutStatus.PUT_OK);
            assertThat(r.physicalOffset()).as("the waiting append rolled").isEqualTo(SEGMENT_BYTES);
            assertThat(s.appendWithoutWaiting(Fixtures.msg("T", 0, body, ""), r))
                    .isEqualTo(PutStatus.PUT_OK);
            assertThat(s.awaitDispatched(5_000)).isTrue();
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(appendedInline + 2L);
        }
    }

    @Test
    void writesThroughTheChannelAlwaysWait() {
        StoreConfig config = Fixtures.smallConfig(dir)
                .commitLogWrites(StoreConfig.CommitLogWrites.CHANNEL)
                .build();
        try (DefaultMessageStore s = Fixtures.open(config, Fixtures.clock())) {
            PutReceipt r = new PutReceipt();
            assertThat(s.appendWithoutWaiting(Fixtures.msg("T", 0, "x", null, null), r))
                    .isEqualTo(PutStatus.WOULD_WAIT);
            assertThat(s.commitLogMaxOffset()).isZero();
            assertThat(s.append(Fixtures.msg("T", 0, "x", null, null), r)).isEqualTo(PutStatus.PUT_OK);
            assertThat(s.appendWithoutWaiting(Fixtures.msg("T", 0, "y", null, null), r))
                    .isEqualTo(PutStatus.WOULD_WAIT);
        }
    }
}
