package dev.skiff.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.namesrv.config.NamesrvConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesrvMainTest {
    @TempDir
    Path dir;

    @Test
    void listenOverridesTheConfigFile() throws Exception {
        Path file = dir.resolve("namesrv.properties");
        Files.writeString(
                file,
                "listenPort=1111\nbrokerTimeoutMs=30000\nhomeDir="
                        + dir.toString().replace("\\", "/") + "\n");
        NamesrvConfig config = NamesrvMain.parse(new String[] {"--config", file.toString(), "--listen", "127.0.0.1:0"});
        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.listenPort()).isZero();
        assertThat(config.brokerTimeoutMs()).isEqualTo(30_000);
        assertThat(config.homeDir()).isEqualTo(dir);
    }

    @Test
    void dataSetsTheHomeDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
        NamesrvConfig config = NamesrvMain.parse(new String[] {"--data", dir.toString(), "--listen", "127.0.0.1:0"});
        assertThat(config.homeDir()).isEqualTo(dir);
        assertThat(config.kvConfigFile()).isEqualTo(dir.resolve("kvConfig.json"));
        assertThatThrownBy(() -> NamesrvMain.parse(new String[] {"--data"}))
                .hasMessageContaining("--data needs a value");
    }

    @Test
    void badArgumentsExplainThemselves() {
        assertThat(NamesrvMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> NamesrvMain.parse(new String[] {"--listen"}))
                .hasMessageContaining("--listen needs a value");
        assertThatThrownBy(() -> NamesrvMain.parse(new String[] {"--listen", "9876"}))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> NamesrvMain.parse(new String[] {"--bogus"})).hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> NamesrvMain.parse(
                        new String[] {"--config", dir.resolve("missing").toString()}))
                .hasMessageContaining("cannot read config file");
        assertThat(NamesrvMain.run(new String[] {"--bogus"})).isEqualTo(2);
    }
}
