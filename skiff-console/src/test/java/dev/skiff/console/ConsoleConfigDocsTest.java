package dev.skiff.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.config.ConfigDocs;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The key table in {@code docs/console.md} matches the descriptors; bad values are refused. */
class ConsoleConfigDocsTest {

    @Test
    void docsTableMatchesTheKeys() throws Exception {
        Path doc = Path.of("..", "docs", "console.md");
        ConfigDocs.check(doc, "console-keys", ConsoleConfig.keys(), Boolean.getBoolean("skiff.docs.write"));
    }

    @Test
    void defaultsAreLoopbackAndReadOnly() {
        ConsoleConfig c = ConsoleConfig.defaults();
        assertThat(c.consoleListenHost()).isEqualTo("127.0.0.1");
        assertThat(c.consoleWriteEnabled()).isFalse();
        assertThat(c.namesrvAddr()).containsExactly("127.0.0.1:9876");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        Properties p = new Properties();
        p.setProperty("consolePageSizeMax", "100000");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(p)).hasMessageContaining("consolePageSizeMax");
        Properties q = new Properties();
        q.setProperty("namesrvAddr", "");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(q)).hasMessageContaining("namesrvAddr");
    }

    @Test
    void commandLineOptionsBecomeKeys() throws Exception {
        ConsoleConfig c = ConsoleConfig.fromProperties(ConsoleMain.parse(
                new String[] {"--namesrv", "10.0.0.1:9876;10.0.0.2:9876", "--listen", "0.0.0.0:9000", "--write"}));
        assertThat(c.namesrvAddr()).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(c.consoleListenHost()).isEqualTo("0.0.0.0");
        assertThat(c.consoleListenPort()).isEqualTo(9000);
        assertThat(c.consoleWriteEnabled()).isTrue();
        assertThatThrownBy(() -> ConsoleMain.parse(new String[] {"--bogus"})).hasMessageContaining("--bogus");
    }
}
