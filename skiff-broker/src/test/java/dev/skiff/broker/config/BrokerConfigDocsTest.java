package dev.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.config.ConfigDocs;
import java.nio.charset.StandardCharsets;
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
        String now = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = ConfigDocs.withTable(now, "broker-keys", BrokerConfig.keys());
        if (Boolean.getBoolean("skiff.docs.write")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            now = generated;
        }
        assertThat(now)
                .as(DOC + " is out of date: run this test with -Dskiff.docs.write=true")
                .isEqualTo(generated);
        for (String key : BrokerConfig.defaultValues().keySet()) {
            assertThat(now).contains("| `" + key + "` |");
        }
    }
}
