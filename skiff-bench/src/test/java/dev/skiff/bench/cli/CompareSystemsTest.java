package dev.skiff.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareSystemsTest {
    private static final List<CompareCommand.Contender> ALL = List.of(
            new CompareCommand.Contender("apache", false, null),
            new CompareCommand.Contender("skiff", true, null),
            new CompareCommand.Contender(CompareCommand.SKIFF_PLAIN, true, null));

    @Test
    void systemsPicksTheNamedContendersInRunOrder() {
        assertThat(CompareCommand.only(ALL, null)).isEqualTo(ALL);
        assertThat(CompareCommand.only(ALL, "skiff-plain,skiff"))
                .extracting(CompareCommand.Contender::name)
                .containsExactly("skiff", "skiff-plain");
    }

    @Test
    void anUnknownSystemIsAnError() {
        assertThatThrownBy(() -> CompareCommand.only(ALL, "skiff,kafka"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka");
    }
}
