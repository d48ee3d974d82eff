package dev.skiff.controller.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.remoting.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Raft port's key files: plain and password-protected PEM PKCS#8. */
class RaftTlsKeyTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;

    private static TestCertificates peer;
    private static PrivateKey plainKey;

    @BeforeAll
    static void certificate() throws Exception {
        peer = TestCertificates.create(dir, "peer");
        plainKey = RaftTls.privateKey(peer.privateKey(), null);
    }

    private Path encryptedKey(String password) throws Exception {
        return peer.encryptedPrivateKey(dir, password);
    }

    @Test
    void anEncryptedKeyOpensWithItsPassword() throws Exception {
        PrivateKey opened = RaftTls.privateKey(encryptedKey(PASSWORD), PASSWORD);

        assertThat(opened.getEncoded()).isEqualTo(plainKey.getEncoded());
        assertThat(opened.getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aKeyEncryptedByOpensslOpensToo() throws Exception {
        Path out = Files.createTempFile(dir, "openssl", ".key");
        Process p;
        try {
            p = new ProcessBuilder(
                            "openssl",
                            "pkcs8",
                            "-topk8",
                            "-v2",
                            "aes-256-cbc",
                            "-in",
                            peer.privateKey().toString(),
                            "-out",
                            out.toString(),
                            "-passout",
                            "pass:" + PASSWORD)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "openssl is not installed: " + e.getMessage());
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assumeTrue(
                p.exitValue() == 0,
                "openssl failed: " + new String(p.getInputStream().readAllBytes()));
        assertThat(Files.readString(out)).contains("BEGIN ENCRYPTED PRIVATE KEY");

        assertThat(RaftTls.privateKey(out, PASSWORD).getEncoded()).isEqualTo(plainKey.getEncoded());
    }

    @Test
    void aWrongPasswordIsSaidToBeOne() throws Exception {
        Path key = encryptedKey(PASSWORD);
        assertThatThrownBy(() -> RaftTls.privateKey(key, "not the password"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wrong password")
                .hasMessageContaining(key.toString());
    }

    @Test
    void anEncryptedKeyWithoutAPasswordNamesTheKeyToSet() throws Exception {
        Path key = encryptedKey(PASSWORD);
        assertThatThrownBy(() -> RaftTls.privateKey(key, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is encrypted")
                .hasMessageContaining("tls.server.keyPassword");
        assertThatThrownBy(() -> RaftTls.fromPem(peer.certificate(), key, peer.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.server.keyPassword");
    }

    @Test
    void theWholeConfigurationBuildsFromAnEncryptedKey() throws Exception {
        Path key = encryptedKey(PASSWORD);
        assertThat(RaftTls.fromPem(peer.certificate(), key, PASSWORD, peer.certificate()))
                .isNotNull();
    }

    @Test
    void aFileWithoutAKeySaysWhichMarkersItLookedFor() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("cert-only.pem"), Files.readString(peer.certificate()));
        assertThatThrownBy(() -> RaftTls.privateKey(notAKey, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("BEGIN PRIVATE KEY")
                .hasMessageContaining("BEGIN ENCRYPTED PRIVATE KEY");
    }
}
