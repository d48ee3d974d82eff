package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochFileTest {
    @TempDir
    Path dir;

    @Test
    void appendsSurviveReopenAndStayOrdered() throws IOException {
        Path p = dir.resolve("config/epochs");
        EpochFile f = EpochFile.open(p);
        assertThat(f.lastEpoch()).isZero();
        f.append(1, 0);
        f.append(3, 5_000);
        f.append(3, 5_000); // the same entry again changes nothing
        EpochFile again = EpochFile.open(p);
        assertThat(again.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 5_000));
        assertThat(again.lastEpoch()).isEqualTo(3);
        assertThat(Files.exists(p.resolveSibling("epochs.tmp"))).isFalse();
    }

    @Test
    void refusesAnOlderEpochOrAnOffsetGoingBackAndKeepsTheFile() throws IOException {
        Path p = dir.resolve("epochs");
        EpochFile f = EpochFile.open(p);
        f.append(2, 100);
        assertThatThrownBy(() -> f.append(2, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.append(1, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.append(3, 50)).hasMessageContaining("does not follow epoch 2");
        assertThat(EpochFile.open(p).entries()).containsExactly(new EpochEntry(2, 100));
    }

    @Test
    void truncateDropsEpochsStartingPastTheCut() throws IOException {
        Path p = dir.resolve("epochs");
        EpochFile f = EpochFile.open(p);
        f.append(1, 0);
        f.append(2, 1_000);
        f.append(4, 2_000);
        f.truncateTo(1_500);
        assertThat(EpochFile.open(p).entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 1_000));
    }

    @Test
    void aDamagedFileIsAnErrorNamingTheLine() throws IOException {
        Path p = dir.resolve("epochs");
        Files.writeString(p, "# skiff epochs v1\n1 0\nseven 12\n");
        assertThatThrownBy(() -> EpochFile.open(p))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 3");
        Files.writeString(p, "2 0\n1 10\n");
        assertThatThrownBy(() -> EpochFile.open(p)).hasMessageContaining("line 2");
        assertThat(Files.readString(p)).isEqualTo("2 0\n1 10\n");
    }

    @Test
    void keepsAtMostTheNewestEntries() throws IOException {
        Path p = dir.resolve("epochs");
        EpochFile f = EpochFile.open(p, 20);
        for (int e = 1; e <= 25; e++) {
            f.append(e, e * 10L);
        }
        List<EpochEntry> entries = EpochFile.open(p).entries();
        assertThat(entries).hasSize(20);
        assertThat(entries.get(0).epoch()).isEqualTo(6);
    }
}
