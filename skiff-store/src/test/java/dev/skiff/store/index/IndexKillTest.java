package dev.skiff.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index file as a SIGKILL inside {@link IndexFile#put} leaves it, then reopened and caught up
 * as recovery does. The page cache outlives the process, so the file holds every store the put
 * made before the kill and none after: a prefix, in program order, of the byte ranges below.
 */
class IndexKillTest {
    private static final int SLOTS = 4;
    private static final int ENTRIES = 32;
    private static final int RECORDS = 16;
    private static final String TOPIC = "T";
    private static final long T0_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static long phy(int record) {
        return 100L * record;
    }

    private static String key(int record) {
        return "k" + record;
    }

    private static int slot(int record) {
        return IndexService.hash(TOPIC, key(record), 0, key(record).length()) % SLOTS;
    }

    private static void add(IndexService index, int record) {
        RecordProperties props =
                RecordProperties.of(MessageProperties.encode(Map.of(MessageProperties.KEYS, key(record))));
        index.add(TOPIC, props, phy(record), T0_MS + record);
    }

    /**
     * The ranges {@code put} writes for entry {@code n} of a file that is not empty, in order:
     * the entry, its slot, slots in use, end timestamp, end offset, entry count (the publication).
     */
    private static int[][] putStores(int n, int slot) {
        int entryAt = IndexFile.HEADER_BYTES + SLOTS * IndexFile.SLOT_BYTES + n * IndexFile.ENTRY_BYTES;
        return new int[][] {
            {entryAt, IndexFile.ENTRY_BYTES},
            {IndexFile.HEADER_BYTES + slot * IndexFile.SLOT_BYTES, IndexFile.SLOT_BYTES},
            {32, 4},
            {8, 8},
            {24, 8},
            {36, 4}
        };
    }

    @Test
    void everyKeyIsFoundAfterAKillAtAnyStoreOfAPut() throws IOException {
        // the killed put: the first record whose slot already holds an older record's entry
        int victim = 2;
        while (!sharesSlotWithEarlier(victim)) {
            victim++;
        }
        assertThat(victim).isLessThan(RECORDS / 2);
        Path clean = dir.resolve("clean");
        IndexService index = new IndexService(clean, SLOTS, ENTRIES);
        index.load();
        for (int r = 1; r < victim; r++) {
            add(index, r);
        }
        Path file = onlyFile(clean);
        byte[] before = Files.readAllBytes(file);
        add(index, victim);
        byte[] after = Files.readAllBytes(file);
        index.close();

        int[][] stores = putStores(victim, slot(victim));
        for (int kept = 0; kept <= stores.length; kept++) {
            byte[] killed = before.clone();
            for (int i = 0; i < kept; i++) {
                System.arraycopy(after, stores[i][0], killed, stores[i][0], stores[i][1]);
            }
            Path d = dir.resolve("killed-after-" + kept);
            Files.createDirectories(d);
            Files.write(d.resolve(file.getFileName()), killed);
            assertEveryKeyFoundAfterRecovery(d, kept);
        }
    }

    private static boolean sharesSlotWithEarlier(int record) {
        for (int r = 1; r < record; r++) {
            if (slot(r) == slot(record)) {
                return true;
            }
        }
        return false;
    }

    /** Recovery's rule: index again every record past {@link IndexService#lastIndexedOffset()}. */
    private static void assertEveryKeyFoundAfterRecovery(Path d, int kept) {
        IndexService index = new IndexService(d, SLOTS, ENTRIES);
        index.load();
        try {
            long indexedUpTo = index.lastIndexedOffset();
            for (int r = 1; r <= RECORDS; r++) {
                if (phy(r) > indexedUpTo) {
                    add(index, r);
                }
            }
            for (int r = 1; r <= RECORDS; r++) {
                OffsetList found = index.query(TOPIC, key(r), 8, 0, Long.MAX_VALUE);
                assertThat(found.contains(phy(r)))
                        .as("record %d after a kill with %d stores of the put kept", r, kept)
                        .isTrue();
            }
        } finally {
            index.close();
        }
    }

    private static Path onlyFile(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }

    @Test
    void aRecordWhoseKeysWereCutShortIsCompletedWithoutDuplicates() {
        IndexService first = new IndexService(dir, SLOTS, ENTRIES);
        first.load();
        add(first, 0);
        // killed after the first of the record's three keys
        first.add(
                TOPIC, RecordProperties.of(MessageProperties.encode(Map.of(MessageProperties.KEYS, "a"))), 700, T0_MS);
        first.close();

        IndexService reopened = new IndexService(dir, SLOTS, ENTRIES);
        reopened.load();
        assertThat(reopened.resumeIndexingAt()).isEqualTo(700);
        // recovery dispatches the last indexed record again, with all its keys
        reopened.add(
                TOPIC,
                RecordProperties.of(MessageProperties.encode(
                        Map.of(MessageProperties.KEYS, "a b", MessageProperties.UNIQ_KEY, "u"))),
                700,
                T0_MS);
        for (String key : List.of("a", "b", "u")) {
            assertThat(reopened.query(TOPIC, key, 10, 0, Long.MAX_VALUE).size())
                    .as(key)
                    .isEqualTo(1);
        }
        assertThat(reopened.query(TOPIC, key(0), 10, 0, Long.MAX_VALUE).size()).isEqualTo(1);
        reopened.close();
    }
}
