package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query by key or unique key never returns a deleted topic's old records, which the index still
 * maps and the commit log still holds: not after the delete, not after the topic is created again
 * (then only the new records), and not after a clean or a crash restart.
 */
class TopicDeleteQueryTest {
    private static final int OLD = 6;

    @TempDir
    Path dir;

    /** A record of {@code topic} with KEYS "shared {prefix}-k{i}" and UNIQ_KEY "{prefix}-u{i}". */
    private static PutResult putKeyed(MessageStore s, String topic, int queueId, String prefix, int i) {
        String props = "KEYS\u0001shared " + prefix + "-k" + i + "\u0002UNIQ_KEY\u0001" + prefix + "-u" + i + "\u0002";
        return put(s, msg(topic, queueId, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8), props));
    }

    private static List<String> query(MessageStore s, String topic, String key) {
        try (RecordLease l = s.queryMessages(topic, key, 64, 0, Long.MAX_VALUE)) {
            List<String> bodies = new ArrayList<>();
            for (SelectedRecord r : l.records()) {
                bodies.add(new String(Fixtures.decode(r).body(), StandardCharsets.UTF_8));
            }
            return bodies;
        }
    }

    /** T gets the old generation on queues 0 and 1, U the same keys. */
    private static void fillOld(DefaultMessageStore s) {
        for (int i = 0; i < OLD; i++) {
            putKeyed(s, "T", i % 2, "old", i);
            putKeyed(s, "U", 0, "old", i);
        }
        assertThat(s.awaitDispatched(5000)).isTrue();
        assertThat(query(s, "T", "shared")).hasSize(OLD);
    }

    private static void assertOnlyNew(MessageStore s) {
        assertThat(query(s, "T", "shared")).containsExactlyInAnyOrder("new-0", "new-1");
        assertThat(query(s, "T", "old-k3")).isEmpty();
        assertThat(query(s, "T", "old-u3")).isEmpty();
        assertThat(query(s, "T", "new-k1")).containsExactly("new-1");
        assertThat(query(s, "T", "new-u0")).containsExactly("new-0");
        assertThat(query(s, "U", "shared"))
                .as("another topic keeps its records")
                .hasSize(OLD);
        assertThat(query(s, "U", "old-u3")).containsExactly("old-3");
    }

    @Test
    void aDeletedTopicAnswersNoQueryWithItsOldRecords() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            fillOld(s);

            s.deleteTopic("T");

            assertThat(query(s, "T", "shared")).isEmpty();
            assertThat(query(s, "T", "old-k2")).isEmpty();
            assertThat(query(s, "T", "old-u2")).isEmpty();
            assertThat(query(s, "U", "shared")).hasSize(OLD);
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertThat(query(s, "T", "shared")).isEmpty();
            assertThat(query(s, "T", "old-u2")).isEmpty();
        }
    }

    @Test
    void aTopicCreatedAgainAnswersOnlyWithItsNewRecordsAlsoAfterRestarts() throws Exception {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            fillOld(s);
            s.deleteTopic("T");
            putKeyed(s, "T", 0, "new", 0);
            putKeyed(s, "T", 2, "new", 1); // a queue the old generation did not use
            assertThat(s.awaitDispatched(5000)).isTrue();

            assertOnlyNew(s);
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertOnlyNew(s);
        }
        // a crash with no checkpoint and no index: the whole log is dispatched and indexed again
        Files.write(cfg.abortFile(), new byte[0]);
        Files.delete(cfg.checkpointFile());
        try (Stream<Path> files = Files.list(cfg.indexDir())) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertOnlyNew(s);
        }
    }
}
