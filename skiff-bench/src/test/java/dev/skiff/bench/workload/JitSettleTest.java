package dev.skiff.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JitSettleTest {

    @Test
    void quietWhenBothCompilersUseAtMostFivePercentOfACore() {
        assertThat(JitSettle.quiet(0.10, 0.0, 2.0)).isTrue();
        assertThat(JitSettle.quiet(0.0, 0.10, 2.0)).isTrue();
        assertThat(JitSettle.quiet(0.0, 0.0, 2.0)).isTrue();
    }

    @Test
    void busyWhenEitherJvmStillCompiles() {
        // the auth run that motivated it: the broker's C2 at ~36 % of a core during the measured window
        assertThat(JitSettle.quiet(0.72, 0.0, 2.0)).isFalse();
        assertThat(JitSettle.quiet(0.0, 0.30, 2.0)).isFalse();
        assertThat(JitSettle.quiet(0.11, 0.11, 2.0)).isFalse();
    }

    @Test
    void anUnknownFigureNeverExtendsTheWarmUp() {
        assertThat(JitSettle.quiet(Double.NaN, 0.0, 2.0)).isTrue();
        assertThat(JitSettle.quiet(Double.NaN, 0.5, 2.0)).isFalse();
        assertThatThrownBy(() -> JitSettle.quiet(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
