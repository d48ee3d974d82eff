package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.admin.BrokerConfigEditor.Effect;
import dev.skiff.broker.admin.BrokerConfigEditor.Outcome;
import dev.skiff.broker.admin.BrokerConfigEditor.Outcome.Kind;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.config.RuntimeConfigFile;
import dev.skiff.common.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigEditorTest {
    private final ManualClock clock = new ManualClock(1_000);
    private final LiveBrokerConfig live = new LiveBrokerConfig(BrokerConfig.defaults());

    @TempDir
    Path dir;

    private BrokerConfigEditor editor(Map<String, Effect> effects) {
        return editor(dir.resolve(RuntimeConfigFile.FILE_NAME), effects);
    }

    private BrokerConfigEditor editor(Path runtimeFile, Map<String, Effect> effects) {
        return new BrokerConfigEditor(
                live, new RuntimeConfigFile(runtimeFile, BrokerConfig.defaults()), clock, effects);
    }

    private static Outcome update(BrokerConfigEditor editor, String text) {
        return editor.update(text, "127.0.0.1:40000");
    }

    @Test
    void sameValuesAreAcceptedAndChangeNothing() {
        BrokerConfigEditor editor = editor(Map.of("maxMessageSize", c -> {
            throw new AssertionError("nothing changed");
        }));
        var version = editor.version();
        var outcome = update(editor, "brokerName=broker-a\nmaxMessageSize=4194304\nlistenPort=10911\n");
        assertThat(outcome.kind()).isEqualTo(Kind.APPLIED);
        assertThat(editor.version()).isEqualTo(version);
        assertThat(live.get()).isEqualTo(BrokerConfig.defaults());
        assertThat(dir.resolve(RuntimeConfigFile.FILE_NAME))
                .as("nothing to save")
                .doesNotExist();
    }

    @Test
    void acceptedChangesAreSavedBeforeTheAnswerAndAKeySetBackLeavesTheFile() throws IOException {
        Path file = dir.resolve(RuntimeConfigFile.FILE_NAME);
        BrokerConfigEditor editor = editor(Map.of());
        assertThat(update(editor, "brokerPermission=4\nfileReservedTime=24").kind())
                .isEqualTo(Kind.APPLIED);
        assertThat(lines(file)).containsExactly("fileReservedTime=24", "brokerPermission=4");

        assertThat(update(editor, "brokerPermission=6").kind()).isEqualTo(Kind.APPLIED);
        assertThat(lines(file)).containsExactly("fileReservedTime=24");
        assertThat(update(editor, "fileReservedTime=72").kind()).isEqualTo(Kind.APPLIED);
        assertThat(lines(file)).isEmpty();
        assertThat(Files.readString(file)).startsWith("# Skiff broker: config keys changed at run time");
    }

    @Test
    void aFailedSaveIsReportedAndTheChangeStillTakesEffect() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        List<String> ran = new ArrayList<>();
        BrokerConfigEditor editor = editor(
                notADirectory.resolve(RuntimeConfigFile.FILE_NAME),
                Map.of("brokerPermission", next -> ran.add("perm")));
        var outcome = update(editor, "brokerPermission=4");
        assertThat(outcome.kind()).isEqualTo(Kind.EFFECT_FAILED);
        assertThat(outcome.problem())
                .contains("writing the run-time config file " + notADirectory.resolve(RuntimeConfigFile.FILE_NAME))
                .contains("will not survive a restart");
        assertThat(live.get().brokerPermission()).as("in memory").isEqualTo(4);
        assertThat(ran).as("the effects still run").containsExactly("perm");
    }

    /** The key=value lines of a file, comments left out. */
    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
    }

    @Test
    void fixedKeysAreRefusedWithTheListOfLiveKeys() {
        BrokerConfigEditor editor = editor(Map.of());
        var outcome = update(editor, "listenPort=10999\nbrokerPermission=4\nbrokerName=broker-a\n");
        assertThat(outcome.kind()).isEqualTo(Kind.NOT_AT_RUN_TIME);
        assertThat(outcome.problem())
                .contains("[listenPort] cannot change while the broker runs")
                .doesNotContain("brokerName]")
                .contains("keys changeable at run time: [autoCreateSubscriptionGroup, autoCreateTopicEnable,"
                        + " brokerPermission, deleteWhen, fileReservedTime, longPollingEnable, maxMessageSize,"
                        + " shortPollingTimeMills]");
        assertThat(live.get().brokerPermission()).as("all or nothing").isEqualTo(6);
    }

    @Test
    void unknownKeysAndBadValuesAreInvalid() {
        BrokerConfigEditor editor = editor(Map.of());
        assertThat(update(editor, "nope=1").problem()).contains("unknown broker config key(s): [nope]");
        var bad = update(editor, "deleteWhen=99");
        assertThat(bad.kind()).isEqualTo(Kind.INVALID);
        assertThat(bad.problem()).contains("deleteWhen");
        assertThat(update(editor, "maxMessageSize=lots").kind()).isEqualTo(Kind.INVALID);
        assertThat(live.get()).isEqualTo(BrokerConfig.defaults());
    }

    @Test
    void liveKeysWithoutEffectAreSwappedInAndBumpTheVersion() {
        BrokerConfigEditor editor = editor(Map.of());
        var version = editor.version();
        clock.advanceMs(10);
        var outcome = update(editor, "longPollingEnable=false\nshortPollingTimeMills=250\nmaxMessageSize=2048");
        assertThat(outcome.kind()).isEqualTo(Kind.APPLIED);
        assertThat(live.get().longPollingEnable()).isFalse();
        assertThat(live.get().shortPollingTimeMills()).isEqualTo(250);
        assertThat(editor.current().maxMessageSize()).isEqualTo(2048);
        assertThat(editor.version().counter()).isEqualTo(version.counter() + 1);
        assertThat(editor.version().timestamp()).isEqualTo(1_010);
    }

    @Test
    void effectsRunOnceAfterTheHolderHoldsTheNewConfig() {
        List<String> ran = new ArrayList<>();
        Effect retention = next -> ran.add("retention " + live.get().fileReservedTime() + "h at " + next.deleteWhen());
        BrokerConfigEditor editor = editor(Map.of(
                "fileReservedTime", retention,
                "deleteWhen", retention,
                "brokerPermission", next -> ran.add("perm " + live.get().brokerPermission())));
        var outcome = update(editor, "fileReservedTime=24\ndeleteWhen=3\nautoCreateTopicEnable=false");
        assertThat(outcome.kind()).isEqualTo(Kind.APPLIED);
        assertThat(ran).containsExactly("retention 24h at 3");
        assertThat(live.get().autoCreateTopicEnable()).isFalse();

        ran.clear();
        update(editor, "brokerPermission=4\nfileReservedTime=24");
        assertThat(ran).as("only the keys whose value changed").containsExactly("perm 4");
    }

    @Test
    void aRefusalChangesNothing() {
        List<BrokerConfig> applied = new ArrayList<>();
        BrokerConfigEditor editor = editor(Map.of(
                "maxMessageSize",
                new Effect() {
                    @Override
                    public void apply(BrokerConfig next) {
                        applied.add(next);
                    }

                    @Override
                    public String refusal(BrokerConfig next) {
                        return next.maxMessageSize() > 8 << 20 ? "too large for the store" : null;
                    }
                },
                "brokerPermission",
                applied::add));
        var version = editor.version();
        var outcome = update(editor, "brokerPermission=4\nmaxMessageSize=" + (12 << 20));
        assertThat(outcome.kind()).isEqualTo(Kind.INVALID);
        assertThat(outcome.problem()).isEqualTo("too large for the store");
        assertThat(applied).isEmpty();
        assertThat(live.get()).isEqualTo(BrokerConfig.defaults());
        assertThat(editor.version()).isEqualTo(version);
        assertThat(update(editor, "maxMessageSize=" + (8 << 20)).kind()).isEqualTo(Kind.APPLIED);
        assertThat(applied).hasSize(1);
    }

    @Test
    void aFailedEffectIsReportedAndTheOthersStillRun() {
        List<String> ran = new ArrayList<>();
        BrokerConfigEditor editor = editor(Map.of(
                "autoCreateTopicEnable",
                next -> {
                    throw new IllegalStateException("disk gone");
                },
                "brokerPermission",
                next -> ran.add("perm")));
        var outcome = update(editor, "autoCreateTopicEnable=false\nbrokerPermission=4");
        assertThat(outcome.kind()).isEqualTo(Kind.EFFECT_FAILED);
        assertThat(outcome.problem()).contains("disk gone");
        assertThat(ran).containsExactly("perm");
        assertThat(live.get().brokerPermission()).as("the config did change").isEqualTo(4);
    }

    @Test
    void effectsForKeysThatAreNotLiveAreAProgrammingError() {
        assertThatThrownBy(() -> editor(Map.of("listenPort", next -> {})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[listenPort]");
    }
}
