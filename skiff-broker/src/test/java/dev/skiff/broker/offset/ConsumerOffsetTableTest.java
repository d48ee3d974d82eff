package dev.skiff.broker.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerOffsetTableTest {
    @TempDir
    Path dir;

    @Test
    void offsetsPersistInTheOfficialShapeAndReload() throws Exception {
        Path file = dir.resolve("consumerOffset.json");
        ConsumerOffsetTable table = ConsumerOffsetTable.open(file);
        assertThat(table.query("g", "T", 0)).isEqualTo(-1);
        table.commit("g", "T", 0, 12);
        table.commit("g", "T", 1, 5);
        table.commit("g2", "T", 0, 3);
        table.commit("g", "T", 2, -1);
        table.persist();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("{\"offsetTable\":{\"T@g\":{0:12,1:5},\"T@g2\":{0:3}}}");
        ConsumerOffsetTable reloaded = ConsumerOffsetTable.open(file);
        assertThat(reloaded.offsets("g", "T"))
                .containsEntry(0, 12L)
                .containsEntry(1, 5L)
                .hasSize(2);
        assertThat(reloaded.groupsOf("T")).containsExactly("g", "g2");
        assertThat(reloaded.topicsOf("g2")).containsExactly("T");
    }

    @Test
    void aResetIsCommittedAndTakenOnce() throws Exception {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(dir.resolve("o.json"));
        table.commit("g", "T", 0, 50);
        table.reset("g", "T", 0, 10);
        assertThat(table.query("g", "T", 0)).isEqualTo(10);
        assertThat(table.takePendingReset("g", "T", 0)).hasValue(10);
        assertThat(table.takePendingReset("g", "T", 0)).isEmpty();
        table.removeGroup("g");
        assertThat(table.query("g", "T", 0)).isEqualTo(-1);
    }

    @Test
    void aDamagedFileFallsBackToTheBackupAndBothDamagedFailsNamingTheFile() throws Exception {
        Path file = dir.resolve("consumerOffset.json");
        ConsumerOffsetTable table = ConsumerOffsetTable.open(file);
        table.commit("g", "T", 0, 7);
        table.persist();
        table.commit("g", "T", 0, 9);
        table.persist();
        // a queue id that is not a number: parses as JSON, fails to decode
        Files.writeString(file, "{\"offsetTable\":{\"T@g\":{\"x\":1}}}", StandardCharsets.UTF_8);
        assertThat(ConsumerOffsetTable.open(file).query("g", "T", 0)).isEqualTo(7);
        Files.writeString(file.resolveSibling("consumerOffset.json.bak"), "{", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConsumerOffsetTable.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read " + file)
                .hasMessageContaining("damaged too");
    }
}
