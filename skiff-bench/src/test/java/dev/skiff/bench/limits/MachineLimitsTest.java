package dev.skiff.bench.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineLimitsTest {

    @Test
    void diskFiguresArePositiveAndTheFileIsRemoved(@TempDir Path dir) throws Exception {
        DiskBandwidth.Result r = DiskBandwidth.measure(dir, 4, 2, 5);
        assertThat(r.cacheWriteMiBps()).isPositive();
        assertThat(r.writeThenSyncMiBps()).isPositive().isLessThanOrEqualTo(r.cacheWriteMiBps());
        assertThat(r.fsyncMiBps()).isPositive();
        assertThat(r.fsync4kPerSecond()).isPositive();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(() -> DiskBandwidth.measure(dir, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loopbackMovesBytes() throws Exception {
        assertThat(LoopbackBandwidth.measure(Duration.ofMillis(300))).isPositive();
        assertThatThrownBy(() -> LoopbackBandwidth.measure(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
