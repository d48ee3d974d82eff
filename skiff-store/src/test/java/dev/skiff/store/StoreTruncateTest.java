package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DefaultMessageStore#truncateTo}: the log, the queues and dispatch go back together. */
class StoreTruncateTest {
    @TempDir
    Path dir;

    @Test
    void cutsLogAndQueuesAndLaterAppendsContinueFromTheCut() {
        StoreConfig config = Fixtures.smallConfig(dir.resolve("s")).build();
        List<PutResult> puts = new ArrayList<>();
        long cut;
        try (DefaultMessageStore s = Fixtures.open(config, Fixtures.clock())) {
            for (int i = 0; i < 300; i++) {
                puts.add(put(s, msg("T", i % 2, "body-" + i + "-" + "x".repeat(i * 7 % 700), "tag", "k" + i)));
            }
            assertThat(s.awaitDispatched(10_000)).isTrue();
            cut = puts.get(180).physicalOffset();
            assertThat(s.truncateTo(cut)).isEqualTo(cut);
            assertThat(s.commitLogMaxOffset()).isEqualTo(cut);
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(90);
            assertThat(s.maxOffsetInQueue("T", 1)).isEqualTo(90);
            assertThat(s.truncateTo(cut + 10_000)).isEqualTo(cut); // nothing past the end
            PutResult next = put(s, msg("T", 0, "after-cut", "tag", "after"));
            assertThat(next.physicalOffset()).isEqualTo(cut);
            assertThat(next.queueOffset()).isEqualTo(90);
            assertThat(s.awaitDispatched(10_000)).isTrue();
            try (GetResult g = s.getMessages("T", 0, 89, 10, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize(2);
                assertThat(new String(Fixtures.decode(g.records().get(1)).body()))
                        .isEqualTo("after-cut");
            }
        }
        try (DefaultMessageStore again = Fixtures.open(config, Fixtures.clock())) {
            assertThat(again.commitLogMaxOffset()).isGreaterThan(cut);
            assertThat(again.maxOffsetInQueue("T", 0)).isEqualTo(91);
            assertThat(again.maxOffsetInQueue("T", 1)).isEqualTo(90);
        }
    }

    /**
     * The index keeps its entries for cut records (it drops whole files only); a key lookup must
     * still never return a cut record: the entry names an offset past the log's end, or an offset
     * where a later record now lies, which is returned only for its own key.
     */
    @Test
    void aKeyLookupNeverReturnsACutRecord() {
        StoreConfig config = Fixtures.smallConfig(dir.resolve("s")).build();
        try (DefaultMessageStore s = Fixtures.open(config, Fixtures.clock())) {
            List<PutResult> puts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                puts.add(put(s, msg("T", 0, "kept-or-cut-" + i, "tag", "k" + i)));
            }
            assertThat(s.awaitDispatched(10_000)).isTrue();
            long cut = puts.get(30).physicalOffset();
            assertThat(s.truncateTo(cut)).isEqualTo(cut);
            for (int i = 30; i < 40; i++) {
                assertThat(count(s, "k" + i))
                        .as("cut record k%d, before any new write", i)
                        .isZero();
            }
            // a new record takes the first cut record's offset; the stale entry for k30 names it
            PutResult after = put(s, msg("T", 0, "after-cut", "tag", "new"));
            assertThat(after.physicalOffset()).isEqualTo(cut);
            PutResult sameKey = put(s, msg("T", 0, "k31-again", "tag", "k31"));
            assertThat(s.awaitDispatched(10_000)).isTrue();
            assertThat(count(s, "k30"))
                    .as("the stale k30 entry now names the new record")
                    .isZero();
            try (RecordLease l = s.queryMessages("T", "k31", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.records()).hasSize(1);
                assertThat(l.records().get(0).physicalOffset()).isEqualTo(sameKey.physicalOffset());
                assertThat(new String(Fixtures.decode(l.records().get(0)).body()))
                        .isEqualTo("k31-again");
            }
            assertThat(count(s, "new")).isEqualTo(1);
            assertThat(count(s, "k29")).as("a record before the cut is found").isEqualTo(1);
        }
    }

    private static int count(DefaultMessageStore s, String key) {
        try (RecordLease l = s.queryMessages("T", key, 10, 0, Long.MAX_VALUE)) {
            return l.count();
        }
    }

    @Test
    void aReplicaTakingWritesContinuesTheQueueOffsetsOfWhatItReplicated() {
        try (DefaultMessageStore m =
                        Fixtures.open(Fixtures.smallConfig(dir.resolve("m")).build(), Fixtures.clock());
                DefaultMessageStore r =
                        Fixtures.open(Fixtures.smallConfig(dir.resolve("r")).build(), Fixtures.clock())) {
            for (int i = 0; i < 50; i++) {
                put(m, msg("T", i % 2, "body-" + i, "tag", "k" + i));
            }
            long end = m.commitLogMaxOffset();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) end);
            assertThat(m.replicaLog().read(0, bytes)).isEqualTo((int) end);
            bytes.flip();
            r.replicaLog().appendReplicated(0, bytes);
            assertThat(r.adoptQueueOffsets(10_000)).isTrue();
            assertThat(r.maxOffsetInQueue("T", 0)).isEqualTo(25);
            // without the adoption this record would take queue offset 0 again
            PutResult next = put(r, msg("T", 0, "as-master", "tag", "new"));
            assertThat(next.physicalOffset()).isEqualTo(end);
            assertThat(next.queueOffset()).isEqualTo(25);
            assertThat(r.awaitDispatched(10_000)).isTrue();
            assertThat(r.maxOffsetInQueue("T", 0)).isEqualTo(26);
            try (GetResult g = r.getMessages("T", 0, 25, 10, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize(1);
                assertThat(new String(Fixtures.decode(g.records().get(0)).body()))
                        .isEqualTo("as-master");
            }
        }
    }
}
