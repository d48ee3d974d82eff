package dev.skiff.namesrv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void valuesSurviveRestartInTheOfficialFileFormat() throws Exception {
        Path file = dir.resolve("kvConfig.json");
        KvConfigStore store = KvConfigStore.open(file, 100);
        store.put("ORDER_TOPIC_CONFIG", "T", "broker-a:4");
        store.put("ns", "k", "v1");
        store.put("ns", "k", "v2");
        assertThat(store.delete("ns", "missing")).isFalse();
        assertThat(Files.readString(file))
                .contains("\"configTable\":{")
                .contains("\"ORDER_TOPIC_CONFIG\":{\"T\":\"broker-a:4\"}");

        KvConfigStore reopened = KvConfigStore.open(file, 100);
        assertThat(reopened.get("ns", "k")).isEqualTo("v2");
        assertThat(reopened.list("ORDER_TOPIC_CONFIG")).isEqualTo(Map.of("T", "broker-a:4"));
        assertThat(reopened.size()).isEqualTo(2);
        assertThat(reopened.delete("ns", "k")).isTrue();
        assertThat(reopened.list("ns")).isNull();
        assertThat(KvConfigStore.open(file, 100).get("ns", "k")).isNull();
    }

    @Test
    void writesAreAtomicWithOneBackupAndNoTempLeft() throws Exception {
        Path file = dir.resolve("kvConfig.json");
        KvConfigStore store = KvConfigStore.open(file, 100);
        store.put("ns", "a", "1");
        store.put("ns", "b", "2");
        assertThat(file.resolveSibling("kvConfig.json.tmp")).doesNotExist();
        assertThat(Files.readString(file.resolveSibling("kvConfig.json.bak")))
                .contains("\"a\":\"1\"")
                .doesNotContain("\"b\"");
        // A torn main file (crash mid-write of a non-atomic editor, bit rot) falls back to the backup.
        Files.writeString(file, "{\"configTable\":{\"ns\":{\"a\":", StandardCharsets.UTF_8);
        assertThat(KvConfigStore.open(file, 100).get("ns", "a")).isEqualTo("1");
        // Crash between the two renames: only the backup is there.
        Files.delete(file);
        assertThat(KvConfigStore.open(file, 100).get("ns", "a")).isEqualTo("1");
    }

    @Test
    void generationAndBounds() throws Exception {
        KvConfigStore store = KvConfigStore.open(dir.resolve("kv.json"), 2);
        long g0 = store.generation();
        store.put("ns", "a", "1");
        store.put("ns", "b", "2");
        assertThat(store.generation()).isEqualTo(g0 + 2);
        store.put("ns", "a", "3"); // replacing does not need room
        assertThatThrownBy(() -> store.put("other", "c", "3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("full");
        assertThat(store.list("other")).isNull();
    }

    @Test
    void failedPersistRollsBack() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        KvConfigStore store = KvConfigStore.open(blocker.resolve("kv.json"), 10);
        assertThatThrownBy(() -> store.put("ns", "a", "1")).hasMessageContaining("cannot persist");
        assertThat(store.get("ns", "a")).isNull();
        assertThat(store.size()).isZero();
    }
}
