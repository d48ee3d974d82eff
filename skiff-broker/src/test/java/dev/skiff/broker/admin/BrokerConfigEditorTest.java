package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigEditorTest {
    private final ManualClock clock = new ManualClock(1_000);

    @Test
    void sameValuesAreAcceptedAndChangeNothing() {
        BrokerConfigEditor editor = new BrokerConfigEditor(BrokerConfig.defaults(), clock, Map.of());
        var version = editor.version();
        var outcome = editor.update("brokerName=broker-a\nmaxMessageSize=4194304\n");
        assertThat(outcome.kind()).isEqualTo(BrokerConfigEditor.Outcome.Kind.APPLIED);
        assertThat(editor.version()).isEqualTo(version);
    }

    @Test
    void keysWithoutApplierCannotChange() {
        BrokerConfigEditor editor = new BrokerConfigEditor(BrokerConfig.defaults(), clock, Map.of());
        var outcome = editor.update("maxMessageSize=2048\nbrokerName=broker-a\n");
        assertThat(outcome.kind()).isEqualTo(BrokerConfigEditor.Outcome.Kind.NOT_AT_RUN_TIME);
        assertThat(outcome.problem()).contains("[maxMessageSize]").doesNotContain("brokerName]");
        assertThat(editor.current().maxMessageSize()).isEqualTo(4 << 20);
    }

    @Test
    void unknownKeysAndBadValuesAreInvalid() {
        BrokerConfigEditor editor = new BrokerConfigEditor(BrokerConfig.defaults(), clock, Map.of());
        assertThat(editor.update("nope=1").problem()).contains("unknown broker config key(s): [nope]");
        var bad = editor.update("deleteWhen=99");
        assertThat(bad.kind()).isEqualTo(BrokerConfigEditor.Outcome.Kind.INVALID);
        assertThat(bad.problem()).contains("deleteWhen");
    }

    @Test
    void liveKeysAreAppliedAndBumpTheVersion() {
        List<Integer> applied = new ArrayList<>();
        BrokerConfigEditor editor = new BrokerConfigEditor(
                BrokerConfig.defaults(), clock, Map.of("brokerPermission", c -> applied.add(c.brokerPermission())));
        var version = editor.version();
        clock.advanceMs(10);
        var outcome = editor.update("brokerPermission=4");
        assertThat(outcome.kind()).isEqualTo(BrokerConfigEditor.Outcome.Kind.APPLIED);
        assertThat(applied).containsExactly(4);
        assertThat(editor.current().brokerPermission()).isEqualTo(4);
        assertThat(editor.version().counter()).isEqualTo(version.counter() + 1);
    }
}
