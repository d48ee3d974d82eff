package dev.skiff.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTableFileTest {
    @TempDir
    Path dir;

    /** Decodes {"n":123} to 123; any other shape is damage. */
    private static final Function<JsonObject, Long> N = root -> {
        if (root.get("n") == null) {
            throw new IllegalArgumentException("no 'n'");
        }
        return root.get("n").asLong();
    };

    private static JsonObject n(long value) {
        return new JsonObject().put("n", JsonNumber.of(value));
    }

    @Test
    void writesAtomicallyWithOneBackupAndReadsBack() throws IOException {
        JsonTableFile file = new JsonTableFile(dir.resolve("t.json"));
        assertThat(file.read(N)).isNull();
        file.write(n(1));
        file.write(n(2));
        assertThat(file.read(N)).isEqualTo(2);
        assertThat(Files.readString(file.backupPath())).isEqualTo("{\"n\":1}");
        assertThat(dir.resolve("t.json.tmp")).doesNotExist();
        // a crash between the two renames leaves only the backup: it is read
        Files.delete(file.path());
        assertThat(file.read(N)).isEqualTo(1);
    }

    @Test
    void aCorruptMainFileFallsBackToTheBackup() throws IOException {
        JsonTableFile file = new JsonTableFile(dir.resolve("t.json"));
        file.write(n(1));
        file.write(n(2));
        Files.writeString(file.path(), "{\"n\":", StandardCharsets.UTF_8); // torn
        assertThat(file.read(N)).isEqualTo(1);
        Files.writeString(file.path(), "{\"m\":5}", StandardCharsets.UTF_8); // parses, wrong shape
        assertThat(file.read(N)).isEqualTo(1);
        Files.writeString(file.path(), "[1,2]", StandardCharsets.UTF_8); // not an object
        assertThat(file.read(N)).isEqualTo(1);
    }

    @Test
    void bothCorruptIsAnErrorNamingBothFiles() throws IOException {
        JsonTableFile file = new JsonTableFile(dir.resolve("t.json"));
        Files.writeString(file.path(), "{oops", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> file.read(N))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read " + file.path())
                .hasMessageContaining("no backup");
        Files.writeString(file.backupPath(), "{\"n\":\"x\"", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> file.read(N))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read " + file.path())
                .hasMessageContaining("its backup " + file.backupPath() + " is damaged too");
        // nothing stored was touched
        assertThat(Files.readString(file.path())).isEqualTo("{oops");
    }

    @Test
    void oversizeFilesAreRefusedToLoadAndToWrite() throws IOException {
        JsonTableFile file = new JsonTableFile(dir.resolve("t.json"), 64, JsonReader.Limits.DEFAULT);
        file.write(n(7));
        Files.writeString(file.path(), "{\"n\":1,\"pad\":\"" + "x".repeat(100) + "\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> file.read(N))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to load " + file.path())
                .hasMessageContaining("over the limit of 64 bytes");
        JsonObject big = n(1).put("pad", "y".repeat(100));
        assertThatThrownBy(() -> file.write(big)).hasMessageContaining("refusing to write " + file.path());
        assertThat(Files.size(file.path())).isGreaterThan(64); // the refused write changed nothing
    }

    @Test
    void theJsonReadersDepthLimitApplies() throws IOException {
        JsonTableFile file = new JsonTableFile(dir.resolve("t.json"), 1024, new JsonReader.Limits(4, 1024));
        Files.writeString(file.path(), "{\"n\":1,\"a\":[[[[[1]]]]]}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> file.read(N)).isInstanceOf(IOException.class).hasMessageContaining("t.json");
    }
}
