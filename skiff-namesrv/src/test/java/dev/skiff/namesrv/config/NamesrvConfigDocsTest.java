package dev.skiff.namesrv.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.config.ConfigDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The name server key table in {@code docs/configuration.md} is the one generated from {@link
 * NamesrvConfigKeys}; run with {@code -Dskiff.docs.write=true} to rewrite it after changing a key.
 */
class NamesrvConfigDocsTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theDocsTableIsGeneratedFromTheDescriptors() throws Exception {
        ConfigDocs.check(DOC, "namesrv-keys", NamesrvConfig.keys(), Boolean.getBoolean("skiff.docs.write"));
        assertThat(Files.readString(DOC)).contains("| `listenPort` | `9876` | 0..65535 |");
    }
}
