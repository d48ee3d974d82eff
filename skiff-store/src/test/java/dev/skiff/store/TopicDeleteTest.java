package dev.skiff.store;

import static dev.skiff.store.Fixtures.decode;
import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a topic drops its consume queues but not its queue offsets: every queue continues where
 * it was, shows nothing older, and stays so across clean restarts, crashes and a delete cut short.
 */
class TopicDeleteTest {
    private static final int Q0_OLD = 150; // two consume-queue files of 100 entries
    private static final int Q1_OLD = 40;

    @TempDir
    Path dir;

    private static List<PutResult> fill(MessageStore s, String topic, int queueId, String prefix, int n) {
        List<PutResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(put(s, msg(topic, queueId, prefix + "-" + i, "tag", prefix + "-key-" + i)));
        }
        return out;
    }

    /** Appends the old generation of T (queues 0 and 1) and of an untouched topic U. */
    private static void fillOld(DefaultMessageStore s) {
        fill(s, "T", 0, "old0", Q0_OLD);
        fill(s, "T", 1, "old1", Q1_OLD);
        fill(s, "U", 0, "u", 5);
        assertThat(s.awaitDispatched(5000)).isTrue();
    }

    private static List<String> bodies(MessageStore s, String topic, int queueId, long from) {
        try (GetResult r = s.getMessages(topic, queueId, from, 1000, 1 << 20, MessageFilter.ALL)) {
            List<String> out = new ArrayList<>();
            for (SelectedRecord rec : r.records()) {
                out.add(new String(decode(rec).body(), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static void assertEmptyAt(MessageStore s, String topic, int queueId, long offset) {
        assertThat(s.minOffsetInQueue(topic, queueId)).isEqualTo(offset);
        assertThat(s.maxOffsetInQueue(topic, queueId)).isEqualTo(offset);
        try (GetResult r = s.getMessages(topic, queueId, 0, 32, 1 << 20, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(offset == 0 ? GetStatus.NO_MESSAGE_IN_QUEUE : GetStatus.OFFSET_TOO_SMALL);
            assertThat(r.records()).isEmpty();
            assertThat(r.nextBeginOffset()).isEqualTo(offset);
        }
        try (GetResult r = s.getMessages(topic, queueId, offset, 32, 1 << 20, MessageFilter.ALL)) {
            assertThat(r.records()).isEmpty();
        }
    }

    private Path topicQueues(String topic) {
        return dir.resolve("consumequeue").resolve(topic);
    }

    @Test
    void deletedTopicContinuesAtItsOldOffsetsAndShowsNothingOld() throws Exception {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            fillOld(s);
            assertThat(topicQueues("T").resolve("0")).isDirectory();
            GetResult held = s.getMessages("T", 0, 0, 3, 1 << 20, MessageFilter.ALL);

            s.deleteTopic("T");

            assertEmptyAt(s, "T", 0, Q0_OLD);
            assertEmptyAt(s, "T", 1, Q1_OLD);
            assertThat(topicQueues("T")).doesNotExist();
            assertThat(dir.resolve("queuewatermark").resolve("T")).isRegularFile();
            assertThat(bodies(s, "U", 0, 0)).hasSize(5);
            // a read made before the delete still holds its records' bytes
            try (held) {
                assertThat(held.records()).hasSize(3);
                assertThat(new String(decode(held.records().get(2)).body(), StandardCharsets.UTF_8))
                        .isEqualTo("old0-2");
            }

            List<PutResult> again = fill(s, "T", 0, "new0", 3);
            PutResult again1 = put(s, msg("T", 1, "new1-0", "tag", null));
            assertThat(again).extracting(PutResult::queueOffset).containsExactly(150L, 151L, 152L);
            assertThat(again1.queueOffset()).isEqualTo(Q1_OLD);
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(s.minOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(Q0_OLD + 3);
            assertThat(bodies(s, "T", 0, Q0_OLD)).containsExactly("new0-0", "new0-1", "new0-2");
            assertThat(bodies(s, "T", 1, Q1_OLD)).containsExactly("new1-0");
            try (GetResult r = s.getMessages("T", 0, 0, 32, 1 << 20, MessageFilter.ALL)) {
                assertThat(r.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
                assertThat(r.nextBeginOffset()).isEqualTo(Q0_OLD);
            }
            // the old records are still in the commit log and the index, but a query leaves them out
            try (RecordLease l = s.queryMessages("T", "old0-key-7", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isZero();
            }
            try (RecordLease l = s.queryMessages("U", "u-key-3", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(1);
            }
        }
    }

    @Test
    void deleteRacingTheDispatcherHidesEveryRecordAppendedBefore() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            long appended = 0;
            for (int round = 0; round < 20; round++) {
                fill(s, "T", round % 2, "r" + round, 30);
                appended += 30;
                // no wait for dispatch: the delete lands before, during or after it
                s.deleteTopic("T");
                long q0 = (round / 2 + 1) * 30L;
                long q1 = ((round + 1) / 2) * 30L;
                assertEmptyAt(s, "T", 0, q0);
                assertEmptyAt(s, "T", 1, q1);
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(s.maxOffsetInQueue("T", 0) + s.maxOffsetInQueue("T", 1)).isEqualTo(appended);
            assertThat(bodies(s, "T", 0, s.minOffsetInQueue("T", 0))).isEmpty();
            assertThat(bodies(s, "T", 1, s.minOffsetInQueue("T", 1))).isEmpty();
            assertThat(topicQueues("T")).doesNotExist();
        }
    }

    @Test
    void aCleanRestartKeepsTheTopicDeleted() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            fillOld(s);
            s.deleteTopic("T");
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertEmptyAt(s, "T", 0, Q0_OLD);
            assertEmptyAt(s, "T", 1, Q1_OLD);
            assertThat(topicQueues("T")).doesNotExist();
            assertThat(put(s, msg("T", 0, "new0-0", "tag", null)).queueOffset()).isEqualTo(Q0_OLD);
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(bodies(s, "T", 0, Q0_OLD)).containsExactly("new0-0");
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertThat(s.minOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(Q0_OLD + 1);
            assertThat(bodies(s, "T", 0, Q0_OLD)).containsExactly("new0-0");
            assertEmptyAt(s, "T", 1, Q1_OLD);
        }
    }

    @Test
    void aCrashRestartFromBeforeTheDeleteDoesNotDispatchTheOldRecordsAgain() throws IOException {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            fillOld(s);
            s.deleteTopic("T");
            fill(s, "T", 0, "new0", 2);
            assertThat(s.awaitDispatched(5000)).isTrue();
        }
        // a crash with a checkpoint from before the old records: recovery re-dispatches the whole log
        Files.write(cfg.abortFile(), new byte[0]);
        Files.delete(cfg.checkpointFile());
        List<Long> arrivedInT = new CopyOnWriteArrayList<>();
        ArrivalListener listener = rec -> {
            if (rec.topic().equals("T")) {
                arrivedInT.add(rec.queueId() * 1_000_000L + rec.queueOffset());
            }
        };
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, listener)) {
            RecoveryResult r = s.start();
            assertThat(r.abnormal()).isTrue();
            assertThat(r.dispatchedFrom()).isZero();
            assertDeletedWithTwoNew(s);
            assertThat(arrivedInT).as("only records after the delete arrive").containsExactly(150L, 151L);
        }
        // the same after losing every consume queue: they are rebuilt from the log
        try (Stream<Path> files = Files.walk(dir.resolve("consumequeue"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.write(cfg.abortFile(), new byte[0]);
        Files.delete(cfg.checkpointFile());
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            assertThat(s.start().dispatchedFrom()).isZero();
            assertDeletedWithTwoNew(s);
            assertThat(put(s, msg("T", 0, "new0-2", "tag", null)).queueOffset()).isEqualTo(Q0_OLD + 2);
            assertThat(put(s, msg("T", 1, "new1-0", "tag", null)).queueOffset()).isEqualTo(Q1_OLD);
        }
    }

    private static void assertDeletedWithTwoNew(DefaultMessageStore s) {
        assertThat(s.minOffsetInQueue("T", 0)).isEqualTo(Q0_OLD);
        assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(Q0_OLD + 2);
        assertThat(bodies(s, "T", 0, Q0_OLD)).containsExactly("new0-0", "new0-1");
        assertEmptyAt(s, "T", 1, Q1_OLD);
        assertThat(bodies(s, "U", 0, 0)).hasSize(5);
    }

    @Test
    void aDeleteCutShortAfterItsWatermarkIsFinishedAtTheNextStart() throws IOException {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        Path saved = dir.resolve("saved-queues-of-T");
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            fillOld(s);
            s.checkpoint();
            copyTree(topicQueues("T"), saved);
            s.deleteTopic("T");
        }
        // as if the process died after writing the watermark but before deleting a file
        copyTree(saved, topicQueues("T"));
        Files.write(cfg.abortFile(), new byte[0]);
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            s.start();
            assertEmptyAt(s, "T", 0, Q0_OLD);
            assertEmptyAt(s, "T", 1, Q1_OLD);
            assertThat(topicQueues("T")).doesNotExist();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
