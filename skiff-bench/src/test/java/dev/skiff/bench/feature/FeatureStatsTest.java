package dev.skiff.bench.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureStatsTest {

    @Test
    void latenessCountsEarlyDeliveriesAndReadsNearestRankPercentiles() {
        long[] values = new long[200];
        for (int i = 0; i < 200; i++) {
            values[i] = i - 2; // -2, -1, 0, 1, ... 197
        }
        values[199] = 5_000; // one straggler
        LatenessStats s = LatenessStats.of(values, 200);
        assertThat(s.count()).isEqualTo(200);
        assertThat(s.early()).isEqualTo(2);
        assertThat(s.minMs()).isEqualTo(-2);
        assertThat(s.p50Ms()).isEqualTo(97); // 100th smallest
        assertThat(s.p99Ms()).isEqualTo(195); // 198th smallest
        assertThat(s.maxMs()).isEqualTo(5_000);
    }

    @Test
    void latenessReadsOnlyTheFilledPrefix() {
        long[] values = {30, 10, 20, 999_999};
        LatenessStats s = LatenessStats.of(values, 3);
        assertThat(s.maxMs()).isEqualTo(30);
        assertThat(s.p50Ms()).isEqualTo(20);
        assertThat(LatenessStats.of(values, 0)).isEqualTo(LatenessStats.NONE);
    }

    @Test
    void lagInTimeIsBytesBehindOverTheWriteRate() {
        assertThat(LagStats.millis(1_048_576, 10 * 1_048_576.0)).isEqualTo(100.0);
        assertThat(LagStats.millis(0, 0)).isZero();
        assertThat(LagStats.millis(10, 0)).isNaN();
        assertThat(LagStats.millis(-1, 1_000)).isNaN();
        LagStats s = LagStats.of(new long[] {0, 0, 4096, 0, 1024}, 5);
        assertThat(s.samples()).isEqualTo(5);
        assertThat(s.p50Bytes()).isZero();
        assertThat(s.p99Bytes()).isEqualTo(4096);
        assertThat(s.maxBytes()).isEqualTo(4096);
        assertThat(LagStats.of(new long[4], 0)).isEqualTo(LagStats.NONE);
    }

    @Test
    void heapUsedIsReadFromTheFirstHeapLineOfJcmd() {
        String g1 = """
                12345:
                 garbage-first heap   total reserved 524288K, committed 524288K, used 91234K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 40000K, committed 40500K, reserved 1114112K
                """;
        assertThat(HeapInfo.usedKb(g1)).isEqualTo(91_234);
        assertThat(HeapInfo.usedKb("12345:\nAttachNotSupportedException: Unable to open socket file"))
                .isEqualTo(-1);
    }

    @Test
    void heapPerTimerIsTheGrowthAfterGcOverTheTimersHeld() {
        assertThat(TimerWorkload.perTimer(10_000, 10_000 + 97_656, 1_000_000)).isCloseTo(100.0, within(0.01));
        assertThat(TimerWorkload.perTimer(-1, 5, 10)).isNaN();
        assertThat(TimerWorkload.perTimer(1, 5, 0)).isNaN();
    }

    @Test
    void tableRatiosAndTheBetterSystemFollowEachFiguresDirection() {
        Figures skiff =
                new Figures().higher("rate (msg/s)", 300).lower("p99 (ms)", 2).lower("only Skiff", 1);
        Figures apache =
                new Figures().higher("rate (msg/s)", 100).lower("p99 (ms)", 8).note("ran short");
        String md = SideBySide.markdown("w", skiff, apache);
        assertThat(md).contains("| rate (msg/s) | 300 | 100 | 3.00 | Skiff |");
        assertThat(md).contains("| p99 (ms) | 2.00 | 8.00 | 0.25 | Skiff |");
        assertThat(md).contains("| only Skiff | 1.00 | n/a | n/a | n/a |");
        assertThat(md).contains("Apache: ran short");
        assertThat(SideBySide.better(5, 9, true)).isEqualTo("Apache");
        assertThat(SideBySide.better(5, 5, false)).isEqualTo("same");
        assertThat(SideBySide.ratio(1, 0)).isNaN();
    }

    @Test
    void figuresAreBounded() {
        Figures f = new Figures();
        for (int i = 0; i < Figures.FIGURES_MAX; i++) {
            f.higher("f" + i, i);
        }
        assertThatThrownBy(() -> f.higher("one too many", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownWorkloadsAndBadSizesAreRefused() {
        assertThat(FeatureWorkloads.select("all", 1000, 100, "512m", 1000, 500))
                .extracting(FeatureWorkload::id)
                .containsExactlyElementsOf(FeatureWorkloads.IDS);
        assertThatThrownBy(() -> FeatureWorkloads.select("txn,nope", 1000, 100, "512m", 1000, 500))
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> FeatureWorkloads.select("sql92", 1000, 100, "512m", 150, 500))
                .hasMessageContaining("multiple of 100");
    }
}
