package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkloadSpecTest {
    private static WorkloadSpec spec(WorkloadKind kind, SendMode mode, int inFlight, int batch, int rate, int drain) {
        return new WorkloadSpec(
                "x",
                null,
                kind,
                1,
                1024,
                batch,
                mode,
                inFlight,
                rate,
                Duration.ofSeconds(1),
                Duration.ZERO,
                false,
                null,
                1,
                4,
                drain,
                false);
    }

    @Test
    void nonsensicalCombinationsAreRejected() {
        assertThatThrownBy(() -> spec(WorkloadKind.PRODUCE, SendMode.ONEWAY, 0, 32, 0, 0))
                .hasMessageContaining("one-way");
        assertThatThrownBy(() -> spec(WorkloadKind.PRODUCE, SendMode.ASYNC, 0, 1, 0, 0))
                .hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> spec(WorkloadKind.PRODUCE, SendMode.SYNC, 5, 1, 0, 0))
                .hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> spec(WorkloadKind.END_TO_END, SendMode.ASYNC, 10, 1, 0, 0))
                .hasMessageContaining("targetRate");
        assertThatThrownBy(() -> spec(WorkloadKind.DRAIN, SendMode.ASYNC, 10, 1, 0, 0))
                .hasMessageContaining("drainCount");
        assertThatThrownBy(() -> spec(WorkloadKind.PRODUCE, SendMode.SYNC, 0, 1, 0, 5))
                .hasMessageContaining("drainCount");
    }

    @Test
    void copiesChangeOnlyWhatTheyName() {
        WorkloadSpec s = spec(WorkloadKind.PRODUCE, SendMode.SYNC, 0, 1, 0, 0);
        WorkloadSpec t =
                s.withTimes(Duration.ofSeconds(7), Duration.ofSeconds(2)).withTopics(3);
        assertThat(t.duration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(t.warmup()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.topics()).isEqualTo(3);
        assertThat(t.title()).isEqualTo("x");
        assertThat(t.topic("p", 2)).isEqualTo("p_x_2");
        assertThat(s.topic("p", 0)).isEqualTo("p_x");
    }
}
