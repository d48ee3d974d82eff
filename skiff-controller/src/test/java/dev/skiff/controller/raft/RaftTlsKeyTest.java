package dev.skiff.controller.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.remoting.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Raft port's key files: plain and password-protected PEM PKCS#8. */
class RaftTlsKeyTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SCHEME = "PBEWithHmacSHA256AndAES_256";

    @TempDir
    static Path dir;

    private static TestCertificates peer;
    private static PrivateKey plainKey;

    @BeforeAll
    static void certificate() throws Exception {
        peer = TestCertificates.create(dir, "peer");
        plainKey = RaftTls.privateKey(peer.privateKey(), null);
    }

    /** The peer's key encrypted the way {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} does (PBES2). */
    private Path encryptedKey(String password) throws Exception {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(SCHEME);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(SCHEME).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 2_048, new IvParameterSpec(iv)));
        // EncryptedPrivateKeyInfo ::= SEQUENCE { SEQUENCE { OID PBES2, PBES2-params }, OCTET STRING },
        // named by the PBES2 identifier with the scheme inside the parameters, as openssl writes it
        // (the JDK's own EncryptedPrivateKeyInfo cannot name PBES2 when encoding)
        byte[] pbes2Oid = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};
        byte[] algorithm = der(0x30, concat(pbes2Oid, cipher.getParameters().getEncoded()));
        byte[] der = der(0x30, concat(algorithm, der(0x04, cipher.doFinal(plainKey.getEncoded()))));
        assertThat(new EncryptedPrivateKeyInfo(der).getAlgName()).isIn("PBES2", "1.2.840.113549.1.5.13", SCHEME);
        Path file = Files.createTempFile(dir, "peer-encrypted", ".key");
        Files.writeString(
                file,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(der)
                        + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        return file;
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80
                ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n} : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, concat(length, content));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
