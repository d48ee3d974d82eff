package dev.skiff.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsOptionsTest {
    @TempDir
    Path dir;

    private Path file(String name) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void defaultsAreOffOnBothSides() {
        TlsOptions options = TlsOptions.disabled();
        assertThat(options.serverMode()).isEqualTo(TlsSettings.Mode.DISABLED);
        assertThat(options.server().enabled()).isFalse();
        assertThat(options.client().enabled()).isFalse();
        assertThat(options.testMode()).isTrue();
    }

    @Test
    void readsTheOfficialKeyNames() throws Exception {
        Path cert = file("s.crt");
        Path key = file("s.key");
        Path trust = file("ca.crt");
        Properties p = new Properties();
        p.setProperty("tls.server.mode", "enforcing");
        p.setProperty("tls.server.certPath", cert.toString());
        p.setProperty("tls.server.keyPath", key.toString());
        p.setProperty("tls.server.need.client.auth", "require");
        p.setProperty("tls.server.authClient", "true");
        p.setProperty("tls.server.trustCertPath", trust.toString());
        p.setProperty("tls.enable", "true");
        p.setProperty("tls.test.mode.enable", "false");
        p.setProperty("tls.client.authServer", "true");
        p.setProperty("tls.client.trustCertPath", trust.toString());
        p.setProperty("unrelatedKey", "ignored");

        TlsOptions options = TlsOptions.fromProperties(p);
        TlsSettings server = options.server();
        assertThat(server.mode()).isEqualTo(TlsSettings.Mode.ENFORCING);
        assertThat(server.certificateChain()).isEqualTo(cert);
        assertThat(server.privateKey()).isEqualTo(key);
        assertThat(server.clientAuth()).isEqualTo(TlsSettings.ClientAuth.REQUIRE);
        assertThat(server.verifyPeer()).isTrue();
        assertThat(server.trustedCertificates()).isEqualTo(trust);
        assertThat(server.selfSigned()).isFalse();
        TlsSettings client = options.client();
        assertThat(client.enabled()).isTrue();
        assertThat(client.verifyPeer()).isTrue();
        assertThat(client.trustedCertificates()).isEqualTo(trust);
    }

    @Test
    void testModeClientTrustsAnyServerAndTestModeServerSignsItself() {
        Properties p = new Properties();
        p.setProperty("tls.server.mode", "permissive");
        p.setProperty("tls.enable", "true");
        p.setProperty("tls.client.authServer", "true");
        TlsOptions options = TlsOptions.fromProperties(p);
        assertThat(options.client().verifyPeer()).isFalse();
        assertThat(options.server().selfSigned()).isTrue();
    }

    @Test
    void aMissingCertificateFileIsAnErrorNamingTheKey() {
        Properties p = new Properties();
        p.setProperty("tls.server.mode", "enforcing");
        p.setProperty("tls.server.certPath", dir.resolve("nope.crt").toString());
        p.setProperty("tls.server.keyPath", dir.resolve("nope.key").toString());
        assertThatThrownBy(() -> TlsOptions.fromProperties(p).server())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.certPath")
                .hasMessageContaining("nope.crt");
    }

    @Test
    void outsideTestModeAServerNeedsItsKeyFiles() {
        Properties p = new Properties();
        p.setProperty("tls.server.mode", "enforcing");
        p.setProperty("tls.test.mode.enable", "false");
        assertThatThrownBy(() -> TlsOptions.fromProperties(p).server())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.certPath and tls.server.keyPath");
    }

    @Test
    void badModeAndClientAuthValuesAreRefused() {
        Properties mode = new Properties();
        mode.setProperty("tls.server.mode", "sometimes");
        assertThatThrownBy(() -> TlsOptions.fromProperties(mode))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.mode");
        Properties auth = new Properties();
        auth.setProperty("tls.server.need.client.auth", "maybe");
        assertThatThrownBy(() -> TlsOptions.fromProperties(auth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.need.client.auth");
    }

    @Test
    void theConfigFileOverridesAllButModeAndEnable() throws Exception {
        Path cert = file("c.crt");
        Path key = file("c.key");
        Path tlsFile = Files.writeString(
                dir.resolve("tls.properties"),
                "tls.server.mode=disabled\ntls.enable=false\ntls.client.certPath=" + cert + "\ntls.client.keyPath="
                        + key + "\ntls.client.keyPassword=secret\n");
        Properties p = new Properties();
        p.setProperty("tls.config.file", tlsFile.toString());
        p.setProperty("tls.server.mode", "permissive");
        p.setProperty("tls.enable", "true");

        TlsOptions options = TlsOptions.fromProperties(p);
        assertThat(options.serverMode()).isEqualTo(TlsSettings.Mode.PERMISSIVE);
        TlsSettings client = options.client();
        assertThat(client.enabled()).isTrue();
        assertThat(client.certificateChain()).isEqualTo(cert);
        assertThat(client.keyPassword()).isEqualTo("secret");
    }

    @Test
    void anUnreadableConfigFileIsAnError() {
        Properties p = new Properties();
        p.setProperty("tls.config.file", dir.resolve("absent.properties").toString());
        assertThatThrownBy(() -> TlsOptions.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.config.file")
                .hasMessageContaining("absent.properties");
    }
}
