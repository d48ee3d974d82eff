package dev.skiff.controller.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.config.ConfigDocs;
import dev.skiff.controller.ControllerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's tunable keys: a {@code --config} file is read through them (unknown keys and
 * values out of bounds refused by name), command-line flags win over the file, and the table in
 * {@code docs/configuration.md} is the one generated from them (run with {@code
 * -Dskiff.docs.write=true} to rewrite it after changing a key).
 */
class ControllerTuningTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @TempDir
    Path dir;

    private String[] args(String... more) {
        String[] base = {"--id", "n0", "--listen", "127.0.0.1:0", "--peers", "n0=127.0.0.1:1", "--data", dir.toString()
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private Path file(String text) throws Exception {
        Path f = dir.resolve("controller.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theDefaultsAreThoseOfTheKeysAndRoundTripThroughProperties() {
        ControllerTuning t = ControllerTuning.defaults();
        assertThat(t.controllerHeartBeatTimeoutMills()).isEqualTo(10_000);
        assertThat(t.controllerThreadPoolNums()).isEqualTo(4);
        Properties p = t.toProperties();
        assertThat(p.getProperty("enableElectUncleanMaster")).isEqualTo("false");
        assertThat(ControllerTuning.fromProperties(p)).isEqualTo(t);
    }

    @Test
    void aConfigFileSetsTheKeysAndTheCommandLineWins() throws Exception {
        Path f = file("""
                controllerHeartBeatTimeoutMills=4000
                scanInactiveMasterInterval=250
                notifyBrokerRoleChanged=false
                raftSnapshotEveryEntries=500
                controllerThreadPoolNums=8
                """);
        ControllerConfig fromFile = ControllerMain.parse(args("--config", f.toString()));
        assertThat(fromFile.controllerHeartBeatTimeoutMills()).isEqualTo(4_000);
        assertThat(fromFile.scanInactiveMasterInterval()).isEqualTo(250);
        assertThat(fromFile.notifyBrokerRoleChanged()).isFalse();
        assertThat(fromFile.snapshotEveryEntries()).isEqualTo(500);
        assertThat(fromFile.requestThreads()).isEqualTo(8);
        assertThat(fromFile.enableElectUncleanMaster()).isFalse();

        ControllerConfig flagsWin =
                ControllerMain.parse(args("--config", f.toString(), "--heartbeat-timeout-ms", "3000", "--unclean"));
        assertThat(flagsWin.controllerHeartBeatTimeoutMills()).isEqualTo(3_000);
        assertThat(flagsWin.scanInactiveMasterInterval()).isEqualTo(750); // a quarter of the flag's timeout
        assertThat(flagsWin.enableElectUncleanMaster()).isTrue();
        assertThat(flagsWin.requestThreads()).isEqualTo(8); // the file's, untouched by the flags
    }

    @Test
    void unknownKeysBadValuesAndABackwardElectionRangeAreRefusedByName() throws Exception {
        assertThatThrownBy(() -> ControllerMain.parse(
                        args("--config", file("controllerType=jRaft\n").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controllerType");
        assertThatThrownBy(() -> ControllerMain.parse(args(
                        "--config", file("controllerHeartBeatTimeoutMills=5\n").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controllerHeartBeatTimeoutMills");
        assertThatThrownBy(() -> ControllerMain.parse(args(
                        "--config",
                        file("raftElectionTimeoutMinMs=3000\nraftElectionTimeoutMaxMs=2000\n")
                                .toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raftElectionTimeoutMaxMs");
        assertThatThrownBy(() -> ControllerMain.parse(
                        args("--config", dir.resolve("missing").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void theDocsTableIsGeneratedFromTheKeys() throws Exception {
        ConfigDocs.check(DOC, "controller-keys", ControllerTuning.keys(), Boolean.getBoolean("skiff.docs.write"));
        assertThat(Files.readString(DOC)).contains("| `controllerHeartBeatTimeoutMills` | `10000` |");
    }
}
