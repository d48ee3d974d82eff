package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer log format on real files: round trip, segments, torn and corrupt tails. */
class TimerLogTest {
    private static final int SEGMENT = TimerLog.ENTRY_BYTES * 4;

    @TempDir
    Path dir;

    @Test
    void entriesReadBackAsWrittenAcrossSegments() throws IOException {
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            assertThat(log.recover((p, e) -> {})).isZero();
            for (int i = 0; i < 10; i++) {
                TimerLog.Entry e = new TimerLog.Entry().set(1_000L + i, 100L * i, i, 60 + i, 0);
                e.prevPos = i == 0 ? -1 : (i - 1) * (long) TimerLog.ENTRY_BYTES;
                assertThat(log.append(e)).isEqualTo(i * (long) TimerLog.ENTRY_BYTES);
            }
            assertThat(log.segmentCount()).isEqualTo(3);
            TimerLog.Entry e = new TimerLog.Entry();
            assertThat(log.read(7L * TimerLog.ENTRY_BYTES, e)).isTrue();
            assertThat(e.deliverMs).isEqualTo(1_007);
            assertThat(e.commitLogOffset).isEqualTo(700);
            assertThat(e.queueOffset).isEqualTo(7);
            assertThat(e.size).isEqualTo(67);
            assertThat(e.prevPos).isEqualTo(6L * TimerLog.ENTRY_BYTES);
            assertThat(log.read(10L * TimerLog.ENTRY_BYTES, e))
                    .as("past the end")
                    .isFalse();
            assertThat(log.read(5, e)).as("not on an entry boundary").isFalse();
        }
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            List<Long> seen = new ArrayList<>();
            assertThat(log.recover((p, e) -> seen.add(e.queueOffset))).isEqualTo(10L * TimerLog.ENTRY_BYTES);
            assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void aCorruptEntryEndsTheLogAndAppendsContinueThere() throws IOException {
        write(10);
        Path second = dir.resolve(String.format("%020d", SEGMENT));
        try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
            f.seek(TimerLog.ENTRY_BYTES + 20); // the 6th entry's commit-log offset: CRC no longer matches
            f.write(0x7F);
        }
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            List<Long> seen = new ArrayList<>();
            long end = log.recover((p, e) -> seen.add(e.queueOffset));
            assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(end).isEqualTo(5L * TimerLog.ENTRY_BYTES);
            assertThat(segmentFiles())
                    .as("the segment after the damage is gone")
                    .hasSize(2);
            assertThat(log.append(new TimerLog.Entry().set(9_999, 1, 42, 10, 0)))
                    .isEqualTo(end);
        }
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            List<Long> seen = new ArrayList<>();
            log.recover((p, e) -> seen.add(e.queueOffset));
            assertThat(seen)
                    .as("stale entries after the damage never come back")
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 42L);
        }
    }

    @Test
    void aTornTailIsCutAtTheLastWholeEntry() throws IOException {
        write(3);
        Path first = dir.resolve(String.format("%020d", 0));
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            // half of a 4th entry reached the disk: magic and part of the body, no matching CRC
            f.seek(3L * TimerLog.ENTRY_BYTES);
            f.writeInt(TimerLog.MAGIC);
            f.writeInt(12345);
            f.writeLong(777);
        }
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            assertThat(log.recover((p, e) -> {})).isEqualTo(3L * TimerLog.ENTRY_BYTES);
            TimerLog.Entry e = new TimerLog.Entry();
            assertThat(log.read(3L * TimerLog.ENTRY_BYTES, e)).isFalse();
        }
    }

    @Test
    void aMissingSegmentDropsWhatFollowsIt() throws IOException {
        write(10);
        Files.delete(dir.resolve(String.format("%020d", SEGMENT)));
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            assertThat(log.recover((p, e) -> {})).isEqualTo(SEGMENT);
            assertThat(segmentFiles()).hasSize(1);
        }
    }

    @Test
    void firedSegmentsAreDeletedOldestFirstAndTheNewestStays() throws IOException {
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            log.recover((p, e) -> {});
            long[] deliver = {10, 10, 10, 10, 50, 20, 20, 20, 5, 5};
            for (int i = 0; i < deliver.length; i++) {
                log.append(new TimerLog.Entry().set(deliver[i], i, i, 1, 0));
            }
            assertThat(log.deleteFiredSegments(30))
                    .as("the second segment holds a time of 50")
                    .isEqualTo(1);
            assertThat(log.startPos()).isEqualTo(SEGMENT);
            assertThat(log.deleteFiredSegments(100))
                    .as("the newest segment stays")
                    .isEqualTo(1);
            assertThat(segmentFiles()).hasSize(1);
            assertThat(log.read(0, new TimerLog.Entry())).isFalse();
        }
    }

    @Test
    void segmentsOfAnotherSizeAreRefused() throws IOException {
        write(5);
        assertThatThrownBy(() -> TimerLog.open(dir, TimerLog.ENTRY_BYTES * 3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("boundary");
        assertThatThrownBy(() -> TimerLog.open(dir, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    private void write(int n) throws IOException {
        try (TimerLog log = TimerLog.open(dir, SEGMENT)) {
            log.recover((p, e) -> {});
            for (int i = 0; i < n; i++) {
                log.append(new TimerLog.Entry().set(1_000 + i, i, i, 1, 0));
            }
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
