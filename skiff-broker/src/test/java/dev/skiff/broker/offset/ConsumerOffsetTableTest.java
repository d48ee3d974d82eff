package dev.skiff.broker.offset;

import static org.assertj.core.api.Assertions.assertThat;

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
}
