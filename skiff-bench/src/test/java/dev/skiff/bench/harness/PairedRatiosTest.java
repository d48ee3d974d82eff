package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

    @Test
    void medianMeanErrorAndRangeOfThePairs() {
        PairedRatios r = PairedRatios.of(List.of(90.0, 50.0, 80.0, 100.0), List.of(100.0, 100.0, 80.0, 80.0));
        assertThat(r.ratios()).containsExactly(0.9, 0.5, 1.0, 1.25);
        assertThat(r.count()).isEqualTo(4);
        assertThat(r.median()).isCloseTo(0.95, within(1e-12));
        assertThat(r.mean()).isCloseTo(0.9125, within(1e-12));
        // the sample standard deviation of {0.9, 0.5, 1.0, 1.25} is 0.311916..., over √4
        assertThat(r.standardError()).isCloseTo(0.155958, within(1e-5));
        assertThat(r.min()).isEqualTo(0.5);
        assertThat(r.max()).isEqualTo(1.25);
        PairedRatios odd = PairedRatios.of(List.of(3.0, 1.0, 2.0), List.of(1.0, 1.0, 1.0));
        assertThat(odd.median()).isEqualTo(2.0);
        assertThat(PairedRatios.of(List.of(2.0), List.of(4.0)).standardError()).isZero();
    }

    @Test
    void unevenEmptyOrNonPositiveFiguresAreRefused() {
        assertThatThrownBy(() -> PairedRatios.of(List.of(1.0), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedRatios.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedRatios.of(List.of(1.0, 0.0), List.of(1.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pair 2");
        assertThatThrownBy(() -> PairedRatios.of(List.of(Double.NaN), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
