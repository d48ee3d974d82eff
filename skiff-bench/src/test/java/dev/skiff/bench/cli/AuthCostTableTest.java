package dev.skiff.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.bench.harness.LatencySummary;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.workload.Workloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The auth-cost report: one row per pair, and the median of the pair ratios judged against 0.90. */
class AuthCostTableTest {
    private final WorkloadSpec w2 = Workloads.select(
                    Workloads.standard(Duration.ofSeconds(10), Duration.ofSeconds(2), 1), "w2")
            .getFirst();

    @Test
    void rowsAndTheMedianOfThePairs() {
        // rates in msg/s over 10 s; broker and load CPU s per M msgs
        String table = AuthCostCommand.table(
                w2,
                List.of(
                        result("a", 800_000, 12.5, 8.0),
                        result("a", 900_000, 11.0, 7.5),
                        result("a", 500_000, 20.0, 9.0)),
                List.of(
                        result("p", 1_000_000, 10.0, 5.0),
                        result("p", 1_000_000, 9.5, 5.0),
                        result("p", 1_000_000, 10.0, 5.5)));
        assertThat(table)
                .contains("### w2: async send, 1,000 in flight")
                .contains("| 1 | 80,000 | 100,000 | 0.80 | 12.5 | 10.0 | 8.0 | 5.0 |")
                .contains("| 2 | 90,000 | 100,000 | 0.90 | 11.0 | 9.5 | 7.5 | 5.0 |")
                .contains("| 3 | 50,000 | 100,000 | 0.50 | 20.0 | 10.0 | 9.0 | 5.5 |")
                .contains("over 3 pairs: median **0.800**, mean 0.733")
                .contains("range 0.50–0.90")
                .contains("Goal ≥ 0.90: **not met**");
        String met = AuthCostCommand.table(
                w2, List.of(result("a", 950_000, 10.0, 6.0)), List.of(result("p", 1_000_000, 9.5, 5.0)));
        assertThat(met).contains("median **0.950**").contains("Goal ≥ 0.90: met.");
    }

    private static WorkloadResult result(String system, long messages, double brokerCpu, double clientCpu) {
        return new WorkloadResult(
                system, "w2", messages, messages, 0, 10.0, 1024, LatencySummary.EMPTY, brokerCpu, 0, 0, clientCpu);
    }
}
