package dev.skiff.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.bench.harness.WorkloadKind;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.workload.Workloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedWorkloadsTest {
    private static final List<WorkloadSpec> ALL =
            Workloads.standard(Duration.ofSeconds(15), Duration.ofSeconds(5), 1_000);

    @Test
    void rateZeroLeavesTheWorkloadsAsTheyAre() {
        assertThat(BenchMain.paced(ALL, 0)).isSameAs(ALL);
    }

    @Test
    void aRatePacesTheSendWorkloadsOnly() {
        List<WorkloadSpec> paced = BenchMain.paced(ALL, 20_000);

        assertThat(paced).hasSameSizeAs(ALL);
        for (int i = 0; i < ALL.size(); i++) {
            WorkloadSpec before = ALL.get(i);
            WorkloadSpec after = paced.get(i);
            assertThat(after.id()).isEqualTo(before.id());
            int expected = before.kind() == WorkloadKind.PRODUCE ? 20_000 : before.targetRate();
            assertThat(after.targetRate()).as(before.id()).isEqualTo(expected);
        }
        assertThat(paced)
                .filteredOn(s -> s.id().equals("w5"))
                .singleElement()
                .satisfies(w5 -> assertThat(w5.targetRate()).isEqualTo(Workloads.END_TO_END_RATE));
    }
}
