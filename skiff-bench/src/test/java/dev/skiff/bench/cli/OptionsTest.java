package dev.skiff.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final Set<String> KNOWN = Set.of("duration", "drain", "out", "no-limits");

    @Test
    void readsValuesFlagsAndDurations() {
        Options o = Options.parse(
                new String[] {"compare", "--duration", "15s", "--drain=1_000_000", "--no-limits", "--out", "x"},
                1,
                KNOWN);
        assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.integer("drain", 5, 1, 2_000_000)).isEqualTo(1_000_000);
        assertThat(o.flag("no-limits")).isTrue();
        assertThat(o.string("out", null)).isEqualTo("x");
        assertThat(o.duration("warmup", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        Options p = Options.parse(new String[] {"--duration", "500ms"}, 0, KNOWN);
        assertThat(p.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.parse(new String[] {"--duration", "2m"}, 0, KNOWN).duration("duration", Duration.ZERO))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rejectsUnknownOptionsAndBadValues() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--nope", "1"}, 0, KNOWN))
                .hasMessageContaining("unknown option --nope");
        assertThatThrownBy(() -> Options.parse(new String[] {"stray"}, 0, KNOWN))
                .hasMessageContaining("--option");
        Options o = Options.parse(new String[] {"--drain", "0", "--duration", "soon"}, 0, KNOWN);
        assertThatThrownBy(() -> o.integer("drain", 1, 1, 10)).hasMessageContaining("1..10");
        assertThatThrownBy(() -> o.duration("duration", Duration.ZERO)).hasMessageContaining("duration like");
    }
}
