package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bench command's data folder: a temporary one goes with everything in it, a named one stays. */
class WorkDirTest {
    @TempDir
    Path dir;

    @Test
    void aTemporaryFolderIsDeletedWithItsContentsAndANamedOneIsKept() throws Exception {
        Path temporary;
        try (WorkDir w = WorkDir.of(null, "skiff-workdir-test")) {
            temporary = w.path();
            assertThat(w.temporary()).isTrue();
            Files.createDirectories(temporary.resolve("skiff/store/commitlog"));
            Files.write(temporary.resolve("skiff/store/commitlog/00000000000000000000"), new byte[4096]);
        }
        assertThat(temporary).doesNotExist();

        Path named = dir.resolve("kept");
        Files.createDirectories(named);
        Files.writeString(named.resolve("data"), "x");
        try (WorkDir w = WorkDir.of(named.toString(), "unused")) {
            assertThat(w.temporary()).isFalse();
            assertThat(w.path()).isEqualTo(named);
        }
        assertThat(named.resolve("data")).exists();
    }
}
