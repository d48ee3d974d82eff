package dev.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.config.ConfigDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The broker key table in {@code docs/configuration.md} is the one generated from {@link
 * BrokerConfigKeys}; run with {@code -Dskiff.docs.write=true} to rewrite it after changing a key.
 */
class BrokerConfigDocsTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theDocsTableIsGeneratedFromTheDescriptors() throws Exception {
        ConfigDocs.check(DOC, "broker-keys", BrokerConfig.keys(), Boolean.getBoolean("skiff.docs.write"));
        assertThat(Files.readString(DOC)).contains("| `listenPort` | `10911` | 0..65535 |");
    }
}
