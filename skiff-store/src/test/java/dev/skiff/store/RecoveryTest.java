package dev.skiff.store;

import static dev.skiff.store.Fixtures.decode;
import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
    @TempDir
    Path dir;

    private List<PutResult> writeRecords(StoreConfig cfg, int n) {
        List<PutResult> out = new ArrayList<>();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            for (int i = 0; i < n; i++) {
                out.add(put(s, msg("T", i % 3, "body-" + i + "-" + "x".repeat(i % 50), "tag" + (i % 3), "key" + i)));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
        }
        return out;
    }

    private void crashMarker() throws IOException {
        Files.write(dir.resolve("abort"), new byte[0]);
    }

    private static void patch(Path file, long pos, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(pos);
            f.write(bytes);
        }
    }

    private Path segmentOf(long phy, int segmentBytes) {
        return dir.resolve("commitlog").resolve(String.format("%020d", phy - phy % segmentBytes));
    }

    @Test
    void normalRestartKeepsEverything() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        List<PutResult> puts = writeRecords(cfg, 300);
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            RecoveryResult r = s.start();
            assertThat(r.abnormal()).isFalse();
            assertThat(r.stoppedAtDamage()).isFalse();
            PutResult last = puts.get(puts.size() - 1);
            assertThat(r.endOffset()).isEqualTo(last.physicalOffset() + last.wroteBytes());
            assertThat(s.maxOffsetInQueue("T", 0) + s.maxOffsetInQueue("T", 1) + s.maxOffsetInQueue("T", 2))
                    .isEqualTo(300);
        }
    }

    @Test
    void tornLastRecordIsCutAndReported() throws IOException {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        List<PutResult> puts = writeRecords(cfg, 100);
        PutResult last = puts.get(99);
        Path seg = segmentOf(last.physicalOffset(), cfg.commitLogSegmentBytes());
        long at = last.physicalOffset() % cfg.commitLogSegmentBytes();
        patch(seg, at + last.wroteBytes() / 2, new byte[last.wroteBytes() - last.wroteBytes() / 2]);
        crashMarker();
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            RecoveryResult r = s.start();
            assertThat(r.abnormal()).isTrue();
            assertThat(r.endOffset()).isEqualTo(last.physicalOffset());
            assertThat(r.stopReason()).isIn("BAD_CRC", "BAD_SIZE");
            assertThat(r.stoppedAtDamage()).isTrue();
            assertThat(s.commitLogMaxOffset()).isEqualTo(last.physicalOffset());
            int q = 99 % 3;
            assertThat(s.maxOffsetInQueue("T", q)).isEqualTo(last.queueOffset());
            assertThat(s.queryMessages("T", "key99", 10, 0, Long.MAX_VALUE).count())
                    .isZero();
            try (RecordLease l = s.queryMessages("T", "key98", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(1);
            }
            // the store keeps working: the next record takes the cut one's place
            PutResult again = put(s, msg("T", q, "after", null, "keyAfter"));
            assertThat(again.physicalOffset()).isEqualTo(last.physicalOffset());
            assertThat(again.queueOffset()).isEqualTo(last.queueOffset());
        }
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            assertThat(s.start().stoppedAtDamage()).isFalse();
            try (RecordLease l = s.queryMessages("T", "keyAfter", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(1);
            }
        }
    }

    @Test
    void flippedByteInTheMiddleStopsRecoveryAtTheLastValidRecord() throws IOException {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        List<PutResult> puts = writeRecords(cfg, 120);
        PutResult bad = puts.get(60);
        Path seg = segmentOf(bad.physicalOffset(), cfg.commitLogSegmentBytes());
        long bodyAt = bad.physicalOffset() % cfg.commitLogSegmentBytes() + 88 + 2;
        byte[] one = new byte[1];
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(bodyAt);
            one[0] = (byte) (f.readByte() ^ 0x40);
        }
        patch(seg, bodyAt, one);
        crashMarker();
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            RecoveryResult r = s.start();
            assertThat(r.stopReason()).isEqualTo("BAD_CRC");
            assertThat(r.endOffset()).isEqualTo(bad.physicalOffset());
            assertThat(r.consumeQueueEntriesDropped()).isEqualTo(60);
            for (int i = 0; i < 60; i++) {
                PutResult p = puts.get(i);
                try (GetResult g = s.getMessages("T", i % 3, p.queueOffset(), 1, 1 << 16, MessageFilter.ALL)) {
                    assertThat(g.records()).hasSize(1);
                    assertThat(decode(g.records().get(0)).physicalOffset()).isEqualTo(p.physicalOffset());
                }
            }
            assertThat(s.getMessages("T", 60 % 3, bad.queueOffset(), 1, 1 << 16, MessageFilter.ALL)
                            .status())
                    .isEqualTo(GetStatus.OFFSET_OVERFLOW_ONE);
        }
    }

    @Test
    void lostConsumeQueuesAndIndexAreRebuiltFromTheLog() throws IOException {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        List<PutResult> puts = writeRecords(cfg, 200);
        deleteTree(dir.resolve("consumequeue"));
        deleteTree(dir.resolve("index"));
        Files.delete(dir.resolve("checkpoint"));
        crashMarker();
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            RecoveryResult r = s.start();
            assertThat(r.dispatchedFrom()).isZero();
            for (int q = 0; q < 3; q++) {
                assertThat(s.maxOffsetInQueue("T", q))
                        .isEqualTo(puts.stream().filter(p -> true).count() / 3 + (q < 200 % 3 ? 1 : 0));
            }
            try (RecordLease l = s.queryMessages("T", "key150", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(1);
                assertThat(l.records().get(0).physicalOffset())
                        .isEqualTo(puts.get(150).physicalOffset());
            }
        }
    }

    @Test
    void randomDamageNeverEscapesRecovery() throws IOException {
        Random rnd = new Random(7);
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        List<PutResult> puts = writeRecords(cfg, 150);
        byte[] pristine = Files.readAllBytes(segmentOf(0, cfg.commitLogSegmentBytes()));
        for (int round = 0; round < 25; round++) {
            Path seg0 = segmentOf(0, cfg.commitLogSegmentBytes());
            Files.write(seg0, pristine);
            int pos = rnd.nextInt(pristine.length - 64);
            byte[] junk = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(junk);
            if (round % 3 == 0) {
                // plausible header: a valid magic and a huge or negative size
                junk = new byte[8];
                java.nio.ByteBuffer.wrap(junk).putInt(rnd.nextInt()).putInt(StoredRecordLayout.MAGIC_V1);
            }
            patch(seg0, pos, junk);
            crashMarker();
            try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
                RecoveryResult r = s.start();
                assertThat(r.endOffset()).isBetween(0L, (long) cfg.commitLogSegmentBytes() * 4);
                long end = r.endOffset();
                for (PutResult p : puts) {
                    if (p.physicalOffset() + p.wroteBytes() <= end && p.physicalOffset() + p.wroteBytes() <= pos) {
                        try (RecordLease l = s.lookMessageByOffset(p.physicalOffset())) {
                            assertThat(l.count()).isEqualTo(1);
                        }
                    }
                }
            }
            // restore the original log for the next round (consume queues get rebuilt by recovery)
            deleteTree(dir);
            Files.createDirectories(dir);
            puts = writeRecords(cfg, 150);
            pristine = Files.readAllBytes(segmentOf(0, cfg.commitLogSegmentBytes()));
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
