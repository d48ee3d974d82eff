package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void intervalsAddUpToTheTotal() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 1; i <= 100; i++) {
            r.recordNanos(i * 1_000L); // 1..100 us
        }
        assertThat(r.takeInterval().getTotalCount()).isEqualTo(100);
        for (int i = 1; i <= 50; i++) {
            r.recordNanos(1_000_000L); // 1 ms
        }
        assertThat(r.takeInterval().getTotalCount()).isEqualTo(50);
        r.recordNanos(5_000_000L);
        Histogram total = r.total(); // includes the value not yet taken
        assertThat(total.getTotalCount()).isEqualTo(151);
        LatencySummary s = LatencySummary.ofNanos(total);
        assertThat(s.count()).isEqualTo(151);
        assertThat(s.p50Us()).isCloseTo(76, within(1.0));
        assertThat(s.p99Us()).isCloseTo(1_000, within(1.0));
        assertThat(s.maxUs()).isCloseTo(5_000, within(5.0));
    }

    @Test
    void resetDropsTheWarmUp() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordNanos(9_000_000);
        r.takeInterval();
        r.recordNanos(9_000_000);
        r.reset();
        r.recordNanos(2_000);
        LatencySummary s = LatencySummary.ofNanos(r.total());
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.maxUs()).isCloseTo(2, within(0.01));
    }

    @Test
    void outOfRangeValuesAreClampedNotThrown() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordNanos(-5);
        r.recordNanos(Long.MAX_VALUE);
        Histogram h = r.total();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isEqualTo(1);
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(LatencyRecorder.HIGHEST_NS / 2);
    }

    @Test
    void mergingThreadsKeepsEveryValueAndThePercentiles() throws Exception {
        LatencyRecorder shared = new LatencyRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    shared.recordNanos((base * 10_000L + i + 1) * 1_000L);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join(10_000);
        }
        Histogram all = shared.total();
        assertThat(all.getTotalCount()).isEqualTo(40_000);

        Histogram a = new Histogram(3);
        Histogram b = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            a.recordValue(i * 1_000L);
            b.recordValue((i + 1000) * 1_000L);
        }
        LatencySummary merged = LatencySummary.ofNanos(LatencyRecorder.merge(List.of(a, b)));
        assertThat(merged.count()).isEqualTo(2000);
        assertThat(merged.p50Us()).isCloseTo(1000, within(2.0));
        assertThat(merged.p99Us()).isCloseTo(1980, within(3.0));
        assertThat(LatencySummary.ofNanos(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void progressLineShowsRateAndPercentilesInMilliseconds() {
        String line = ProgressLine.format(
                "skiff w1", 12, "measure", 30_000, 2.0, new LatencySummary(10, 840, 3_210, 5_000, 9_000), 3);
        assertThat(line)
                .isEqualTo("[skiff w1] measure   12 s      15,000 msg/s  p50     0.84 ms  p99     3.21 ms  errors 3");
    }
}
