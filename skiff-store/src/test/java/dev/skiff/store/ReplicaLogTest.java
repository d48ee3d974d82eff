package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replication seams: raw reads on a master, exact-offset appends on a slave. */
class ReplicaLogTest {
    @TempDir
    Path dir;

    private final Random random = new Random(42);

    private StoreConfig config(String name) {
        return Fixtures.smallConfig(dir.resolve(name)).build();
    }

    private List<PutResult> fill(DefaultMessageStore master, int n) {
        List<PutResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(put(
                    master,
                    msg("T", i % 4, "body-" + i + "-" + "x".repeat(random.nextInt(900)), "tag" + i % 3, "k" + i)));
        }
        return out;
    }

    /** Copies master bytes [from, to) into the slave in chunks that often span two segments. */
    private void copy(ReplicaLog master, ReplicaLog slave, long from, long to) {
        long at = from;
        ByteBuffer chunk = ByteBuffer.allocate(20_000);
        while (at < to) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), to - at));
            int total = 0;
            while (chunk.hasRemaining()) {
                int n = master.read(at + total, chunk);
                if (n == 0) {
                    break;
                }
                total += n;
            }
            chunk.flip();
            slave.appendReplicated(at, chunk);
            assertThat(chunk.hasRemaining()).isFalse();
            at += total;
        }
    }

    private static void assertSameFiles(Path a, Path b) throws IOException {
        List<Path> left;
        List<Path> right;
        try (Stream<Path> l = Files.list(a);
                Stream<Path> r = Files.list(b)) {
            left = l.sorted().toList();
            right = r.sorted().toList();
        }
        assertThat(right.stream().map(Path::getFileName).toList())
                .isEqualTo(left.stream().map(Path::getFileName).toList());
        for (int i = 0; i < left.size(); i++) {
            assertThat(Files.mismatch(left.get(i), right.get(i)))
                    .as("%s differs", right.get(i))
                    .isEqualTo(-1L);
        }
    }

    @Test
    void aSlaveCopyIsByteIdenticalAndBuildsTheSameQueues() throws IOException {
        try (DefaultMessageStore master = Fixtures.open(config("m"), Fixtures.clock());
                DefaultMessageStore slave = Fixtures.open(config("s"), Fixtures.clock())) {
            fill(master, 800);
            long end = master.commitLogMaxOffset();
            assertThat(end).isGreaterThan(3L * 64 * 1024); // several segments, so blank markers
            copy(master.replicaLog(), slave.replicaLog(), 0, end);
            assertThat(slave.commitLogMaxOffset()).isEqualTo(end);
            assertThat(slave.awaitDispatched(5_000)).isTrue();
            assertThat(master.awaitDispatched(5_000)).isTrue();
            for (int q = 0; q < 4; q++) {
                assertThat(slave.maxOffsetInQueue("T", q)).isEqualTo(master.maxOffsetInQueue("T", q));
                try (GetResult a = master.getMessages("T", q, 0, 32, 1 << 20, MessageFilter.ALL);
                        GetResult b = slave.getMessages("T", q, 0, 32, 1 << 20, MessageFilter.ALL)) {
                    assertThat(b.records().stream()
                                    .map(SelectedRecord::physicalOffset)
                                    .toList())
                            .isEqualTo(a.records().stream()
                                    .map(SelectedRecord::physicalOffset)
                                    .toList());
                }
            }
        }
        assertSameFiles(dir.resolve("m/commitlog"), dir.resolve("s/commitlog"));
    }

    @Test
    void bytesAtAnyOtherOffsetAreRefusedAndNothingIsWritten() {
        try (DefaultMessageStore master = Fixtures.open(config("m"), Fixtures.clock());
                DefaultMessageStore slave = Fixtures.open(config("s"), Fixtures.clock())) {
            fill(master, 50);
            long end = master.commitLogMaxOffset();
            copy(master.replicaLog(), slave.replicaLog(), 0, end / 2);
            long slaveEnd = slave.commitLogMaxOffset();
            ByteBuffer some = ByteBuffer.allocate(100);
            assertThatThrownBy(() -> slave.replicaLog().appendReplicated(slaveEnd + 1, some))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start at " + (slaveEnd + 1))
                    .hasMessageContaining("ends at " + slaveEnd);
            assertThat(slave.commitLogMaxOffset()).isEqualTo(slaveEnd);
            assertThat(some.position()).isZero();
        }
    }

    @Test
    void anEmptySlaveMayStartAtTheMastersLastSegment() {
        try (DefaultMessageStore master = Fixtures.open(config("m"), Fixtures.clock());
                DefaultMessageStore slave = Fixtures.open(config("s"), Fixtures.clock())) {
            List<PutResult> puts = fill(master, 400);
            long end = master.commitLogMaxOffset();
            int segment = master.replicaLog().segmentBytes();
            long lastStart = end - end % segment;
            assertThat(lastStart).isPositive();
            assertThatThrownBy(() -> slave.replicaLog().appendReplicated(lastStart + 1, ByteBuffer.allocate(8)))
                    .isInstanceOf(IllegalStateException.class);
            copy(master.replicaLog(), slave.replicaLog(), lastStart, end);
            assertThat(slave.commitLogMinOffset()).isEqualTo(lastStart);
            assertThat(slave.commitLogMaxOffset()).isEqualTo(end);
            assertThat(slave.awaitDispatched(5_000)).isTrue();
            assertThat(master.awaitDispatched(5_000)).isTrue();
            PutResult last = puts.get(puts.size() - 1);
            try (RecordLease lease = slave.lookMessageByOffset(last.physicalOffset())) {
                assertThat(lease.records()).hasSize(1);
            }
            // the slave's queue entries carry the master's queue offsets
            int q = (puts.size() - 1) % 4;
            assertThat(slave.maxOffsetInQueue("T", q)).isEqualTo(master.maxOffsetInQueue("T", q));
        }
    }

    @Test
    void aCrashedSlaveRecoversAndCutsATornTail() throws IOException {
        List<PutResult> puts;
        long cut;
        try (DefaultMessageStore master = Fixtures.open(config("m"), Fixtures.clock());
                DefaultMessageStore slave = Fixtures.open(config("s"), Fixtures.clock())) {
            puts = fill(master, 300);
            PutResult last = puts.get(puts.size() - 1);
            cut = last.physicalOffset() + last.wroteBytes() / 2; // half of the last record
            copy(master.replicaLog(), slave.replicaLog(), 0, cut);
        }
        Files.write(dir.resolve("s").resolve("abort"), new byte[0]);
        try (DefaultMessageStore slave = new DefaultMessageStore(config("s"), Fixtures.clock(), () -> 0.1, r -> {})) {
            RecoveryResult r = slave.start();
            assertThat(r.abnormal()).isTrue();
            assertThat(r.endOffset()).isEqualTo(puts.get(puts.size() - 1).physicalOffset());
            assertThat(slave.commitLogMaxOffset())
                    .isEqualTo(puts.get(puts.size() - 1).physicalOffset());
        }
    }
}
