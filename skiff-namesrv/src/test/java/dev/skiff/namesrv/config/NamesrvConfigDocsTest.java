package dev.skiff.namesrv.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.config.ConfigDocs;
import java.nio.charset.StandardCharsets;
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
        String now = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = ConfigDocs.withTable(now, "namesrv-keys", NamesrvConfig.keys());
        if (Boolean.getBoolean("skiff.docs.write")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            now = generated;
        }
        assertThat(now)
                .as(DOC + " is out of date: run this test with -Dskiff.docs.write=true")
                .isEqualTo(generated);
        for (String key : NamesrvConfig.defaultValues().keySet()) {
            assertThat(now).contains("| `" + key + "` |");
        }
    }
}
