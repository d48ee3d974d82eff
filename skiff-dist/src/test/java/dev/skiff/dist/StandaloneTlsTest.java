package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code standalone --config FILE}: the file's TLS server keys reach the name server too. */
class StandaloneTlsTest {
    @TempDir
    Path dir;

    @Test
    void theConfigFilesTlsServerKeysApplyToTheNameServer() throws Exception {
        Path config = Files.writeString(
                dir.resolve("broker.properties"),
                "tls.server.mode=enforcing\ntls.server.need.client.auth=optional\ntls.enable=true\n");

        Properties namesrvTls = StandaloneCommand.namesrvTls(StandaloneCommand.parse(new String[] {
            "--config", config.toString(), "--data", dir.resolve("data").toString()
        }));

        assertThat(namesrvTls)
                .containsEntry("tls.server.mode", "enforcing")
                .containsEntry("tls.server.need.client.auth", "optional")
                .doesNotContainKey("tls.enable"); // a name server has no outgoing connections
        NamesrvConfig namesrv = NamesrvConfig.defaults().with(namesrvTls);
        assertThat(namesrv.tlsOptions().serverMode()).isEqualTo(TlsSettings.Mode.ENFORCING);
    }
}
