package dev.skiff.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.workload.Workloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --load}: the official client by default, the frame client on request, never for batches. */
class LoadOptionTest {
    private final List<WorkloadSpec> all = Workloads.standard(Duration.ofSeconds(1), Duration.ofSeconds(1), 10);

    @Test
    void framesAreChosenOnlyByName() {
        List<WorkloadSpec> singles = Workloads.select(all, "w1,w2");
        assertThat(BenchMain.frameLoad("official", all)).isFalse();
        assertThat(BenchMain.frameLoad("frames", singles)).isTrue();
        assertThatThrownBy(() -> BenchMain.frameLoad("netty", singles))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("official or frames");
    }

    @Test
    void aBatchWorkloadIsRefusedWithFrames() {
        assertThatThrownBy(() -> BenchMain.frameLoad("frames", Workloads.select(all, "w2,w3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w3 sends batches");
    }
}
