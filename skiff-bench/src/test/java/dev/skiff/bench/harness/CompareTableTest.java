package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareTableTest {
    static final WorkloadSpec W1 = new WorkloadSpec(
            "w1",
            "sync",
            WorkloadKind.PRODUCE,
            16,
            1024,
            1,
            SendMode.SYNC,
            0,
            0,
            Duration.ofSeconds(1),
            Duration.ZERO,
            false,
            null,
            1,
            4,
            0,
            false);
    static final WorkloadSpec W4 = new WorkloadSpec(
            "w4",
            "drain",
            WorkloadKind.DRAIN,
            1,
            1024,
            32,
            SendMode.ASYNC,
            64,
            0,
            Duration.ofSeconds(1),
            Duration.ZERO,
            false,
            null,
            1,
            4,
            1000,
            false);
    static final WorkloadSpec W5 = new WorkloadSpec(
            "w5",
            "e2e",
            WorkloadKind.END_TO_END,
            1,
            1024,
            1,
            SendMode.ASYNC,
            10,
            100,
            Duration.ofSeconds(1),
            Duration.ZERO,
            false,
            null,
            1,
            4,
            0,
            false);

    static WorkloadResult result(String system, String id, long messages, double seconds, double p99Us, double cpu) {
        return new WorkloadResult(
                system,
                id,
                messages,
                messages,
                0,
                seconds,
                1024,
                new LatencySummary(messages, p99Us / 2, p99Us, p99Us * 2, p99Us * 3),
                cpu,
                200_000,
                100_000,
                cpu * 2);
    }

    @Test
    void ratioIsSkiffOverApacheAndUnknownWhenEitherSideIsMissing() {
        assertThat(Ratio.of(30, 20)).isEqualTo(1.5);
        assertThat(Ratio.of(30, 0)).isNaN();
        assertThat(Ratio.of(Double.NaN, 20)).isNaN();
        assertThat(Ratio.of(-1, 20)).isNaN();
        assertThat(Ratio.format(1.456)).isEqualTo("1.46");
        assertThat(Ratio.format(Double.NaN)).isEqualTo("n/a");
        assertThat(Ratio.percent(0.873)).isEqualTo("87 %");
    }

    @Test
    void goalsJudgeInTheRightDirection() {
        assertThat(Goal.atLeast(1.5).met(1.5)).isTrue();
        assertThat(Goal.atLeast(1.5).met(1.49)).isFalse();
        assertThat(Goal.atMost(0.25).met(0.2)).isTrue();
        assertThat(Goal.atMost(0.25).met(0.3)).isFalse();
        assertThat(Goal.atMost(0.25).met(Double.NaN)).isNull();
        assertThat(Goal.atLeast(1.5).toString()).isEqualTo("≥ 1.50");
    }

    @Test
    void costRowsJudgeTheFeatureOnW1AndW2Only() {
        SystemResult with = new SystemResult(
                "skiff",
                600,
                100 * 1024,
                50 * 1024,
                List.of(result("skiff", "w1", 17_000, 2, 2_000, 40), result("skiff", "w4", 90_000, 1, 0, 5)));
        SystemResult without = new SystemResult(
                "skiff-plain",
                600,
                100 * 1024,
                50 * 1024,
                List.of(
                        result("skiff-plain", "w1", 20_000, 2, 1_000, 30),
                        result("skiff-plain", "w4", 100_000, 1, 0, 5)));
        List<CompareTable.Row> rows =
                CompareTable.costRows(List.of(W1, W4), with, without, CompareTable.AUTH_COST_GOAL);

        CompareTable.Row w1 = find(rows, "w1 msg/s");
        assertThat(w1.ratio()).isCloseTo(0.85, within(1e-9));
        assertThat(w1.met()).isFalse(); // 15 % lost: over the 10 % allowed
        assertThat(find(rows, "w1 p99 (ms)").ratio()).isCloseTo(2.0, within(1e-9));
        CompareTable.Row w4 = find(rows, "w4 msg/s");
        assertThat(w4.ratio()).isCloseTo(0.9, within(1e-9));
        assertThat(w4.goal()).isNull(); // the goal names w1 and w2 only
        assertThat(rows).noneMatch(r -> r.figure().equals("w4 p99 (ms)")); // a drain has no send latency
        CompareTable.Row client = find(rows, "w1 load client CPU s per M msgs");
        assertThat(client.ratio()).isCloseTo(80.0 / 60.0, within(1e-9)); // the harness JVM's CPU, both runs
        assertThat(client.goal()).isNull();
    }

    @Test
    void aPacedWorkloadIsJudgedByItsCpuNotItsRate() {
        SystemResult with = new SystemResult(
                "skiff", 600, 100 * 1024, 50 * 1024, List.of(result("skiff", "w1", 20_000, 2, 1_300, 40)));
        SystemResult without = new SystemResult(
                "skiff-plain", 600, 100 * 1024, 50 * 1024, List.of(result("skiff-plain", "w1", 20_000, 2, 1_000, 30)));
        List<CompareTable.Row> rows =
                CompareTable.costRows(List.of(W1.withTargetRate(20_000)), with, without, CompareTable.AUTH_COST_GOAL);

        CompareTable.Row rate = find(rows, "w1 msg/s (paced at 20,000)");
        assertThat(rate.ratio()).isCloseTo(1.0, within(1e-9));
        assertThat(rate.goal()).isNull(); // the same offered load: equal rates prove nothing
        assertThat(find(rows, "w1 broker CPU s per M msgs").ratio()).isGreaterThan(1.0);
    }

    @Test
    void rowsCarryEveryFigureWithItsRatioAndGoal() {
        SystemResult skiff = new SystemResult(
                "skiff",
                600,
                100 * 1024,
                50 * 1024,
                List.of(
                        result("skiff", "w1", 30_000, 2, 2_000, 40),
                        result("skiff", "w4", 100_000, 1, 0, 5),
                        result("skiff", "w5", 1_000, 1, 400, 30)));
        SystemResult apache = new SystemResult(
                "apache",
                5_000,
                400 * 1024,
                300 * 1024,
                List.of(
                        result("apache", "w1", 20_000, 2, 8_000, 100),
                        result("apache", "w4", 80_000, 1, 0, 10),
                        result("apache", "w5", 1_000, 1, 1_000, 60)));
        List<CompareTable.Row> rows = CompareTable.rows(List.of(W1, W4, W5), skiff, apache);

        CompareTable.Row w1 = find(rows, "w1 msg/s");
        assertThat(w1.left()).isEqualTo(15_000);
        assertThat(w1.right()).isEqualTo(10_000);
        assertThat(w1.ratio()).isEqualTo(1.5);
        assertThat(w1.met()).isTrue();
        assertThat(find(rows, "w1 send p99 (ms)").ratio()).isEqualTo(0.25);
        assertThat(find(rows, "w1 broker CPU s per M msgs").met()).isTrue(); // 0.4
        // the drain has no latency rows; its throughput goal is 1.5 and 1.25 misses it
        assertThat(rows).noneMatch(r -> r.figure().startsWith("w4 send"));
        assertThat(find(rows, "w4 msg/s").met()).isFalse();
        // end-to-end: p99 goal at most 0.5
        CompareTable.Row p99 = find(rows, "w5 end-to-end p99 (ms)");
        assertThat(p99.ratio()).isCloseTo(0.4, within(1e-9));
        assertThat(p99.met()).isTrue();
        assertThat(find(rows, "w5 delivered msg/s").goal()).isNull();
        assertThat(find(rows, "start-up to first successful send (ms)").ratio()).isEqualTo(0.12);
        assertThat(find(rows, "resident memory idle, VmRSS (MiB)").left()).isEqualTo(100);
        assertThat(find(rows, "resident memory idle, VmRSS (MiB)").met()).isTrue();
        assertThat(find(rows, "private memory idle, RssAnon (MiB)").met()).isTrue();
    }

    @Test
    void missingWorkloadsAndUnknownMemoryGiveNa() {
        SystemResult skiff = new SystemResult("skiff", 600, -1, -1, List.of(result("skiff", "w1", 10, 1, 1, 1)));
        SystemResult apache = new SystemResult("apache", Double.NaN, -1, -1, List.of());
        List<CompareTable.Row> rows = CompareTable.rows(List.of(W1, W4), skiff, apache);
        assertThat(rows).noneMatch(r -> r.figure().startsWith("w4"));
        CompareTable.Row w1 = find(rows, "w1 msg/s");
        assertThat(w1.right()).isNaN();
        assertThat(w1.met()).isNull();
        String md = CompareTable.markdown(rows, "Skiff", "Apache", "Skiff / Apache");
        assertThat(md).startsWith("| figure | Skiff | Apache | Skiff / Apache | goal | met |\n|---|");
        assertThat(md).contains("| w1 msg/s | 10.0 | n/a | n/a | ≥ 1.50 |  |");
        assertThat(md).contains("| start-up to first successful send (ms) | 600 | n/a | n/a | ≤ 0.25 |  |");
    }

    @Test
    void nullBrokerRowsReadSkiffAsAFractionOfTheCeiling() {
        SystemResult skiff = new SystemResult("skiff", 1, 1, 1, List.of(result("skiff", "w1", 16_000, 1, 1, 1)));
        SystemResult nul = new SystemResult("null", Double.NaN, -1, -1, List.of(result("null", "w1", 20_000, 1, 1, 1)));
        List<CompareTable.Row> rows = CompareTable.nullBrokerRows(List.of(W1, W4), skiff, nul);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().ratio()).isEqualTo(0.8);
        assertThat(rows.getFirst().met()).isTrue();
        SystemResult apache = new SystemResult("apache", 1, 1, 1, List.of(result("apache", "w1", 10_000, 1, 1, 1)));
        assertThat(CompareTable.nullBrokerRows(List.of(W1), apache, nul)
                        .getFirst()
                        .goal())
                .isNull();
    }

    @Test
    void numbersAreFormattedForReading() {
        assertThat(CompareTable.number(123_456.7)).isEqualTo("123,457");
        assertThat(CompareTable.number(42.25)).isEqualTo("42.3");
        assertThat(CompareTable.number(0.123)).isEqualTo("0.12");
        assertThat(CompareTable.number(Double.NaN)).isEqualTo("n/a");
    }

    private static CompareTable.Row find(List<CompareTable.Row> rows, String figure) {
        return rows.stream()
                .filter(r -> r.figure().equals(figure))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + figure + " in " + rows));
    }

    @Test
    void summaryTableHasALinePerWorkloadAndLeavesLatencyBlankForTheDrain() {
        SystemResult skiff = new SystemResult(
                "skiff",
                1,
                1,
                1,
                List.of(
                        result("skiff", "w1", 30_000, 2, 2_000, 40),
                        new WorkloadResult(
                                "skiff",
                                "w4",
                                1_000,
                                1_000,
                                0,
                                0.5,
                                1024,
                                LatencySummary.EMPTY,
                                Double.NaN,
                                -1,
                                -1,
                                Double.NaN)));
        String md = SummaryTable.markdown(skiff, List.of(W1, W4));
        assertThat(md.lines().toList())
                .containsExactly(
                        "| skiff | what | msg/s | MiB/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | broker CPU s / M msgs |",
                        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
                        "| w1 | sync | 15,000 | 14.6 | 1.00 | 2.00 | 4.00 | 6.00 | 0 | 40.0 |",
                        "| w4 | drain | 2,000 | 1.95 |  |  |  |  | 0 | n/a |");
    }
}
