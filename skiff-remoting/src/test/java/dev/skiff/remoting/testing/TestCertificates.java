package dev.skiff.remoting.testing;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * A self-signed certificate and its PKCS#8 key written as PEM files at test time (no key is ever
 * committed). Netty's generator works on JDK 25 without Bouncy Castle, so tests need no extra
 * dependency; a self-signed certificate is its own trust anchor, so it doubles as the trusted
 * certificate of a peer that checks it. One copy for every module's tests (the {@code
 * skiff-remoting} test jar).
 */
public record TestCertificates(Path certificate, Path privateKey) {
    /** The scheme {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} uses (PBES2, PBKDF2 with HMAC-SHA256). */
    public static final String ENCRYPTION_SCHEME = "PBEWithHmacSHA256AndAES_256";

    private static final byte[] PBES2_OID = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d
    };

    @SuppressWarnings("deprecation") // Netty's generator: fine for test certificates
    public static TestCertificates create(Path dir, String name) throws Exception {
        SelfSignedCertificate generated = new SelfSignedCertificate(name, "EC", 256);
        try {
            Path cert = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            Files.copy(generated.certificate().toPath(), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(generated.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
            return new TestCertificates(cert, key);
        } finally {
            generated.delete();
        }
    }

    /** The PKCS#8 DER of {@link #privateKey()}. */
    public byte[] privateKeyDer() throws Exception {
        String pem = Files.readString(privateKey(), StandardCharsets.US_ASCII);
        String body = pem.substring(
                pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
        byte[] der = Base64.getMimeDecoder().decode(body);
        KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)); // is a key
        return der;
    }

    /**
     * Writes {@link #privateKey()} encrypted with {@code password} as a {@code BEGIN ENCRYPTED
     * PRIVATE KEY} PEM file in {@code dir}, the structure openssl writes: {@code
     * EncryptedPrivateKeyInfo ::= SEQUENCE { SEQUENCE { OID PBES2, PBES2-params }, OCTET STRING }}
     * (the JDK's own {@code EncryptedPrivateKeyInfo} cannot name PBES2 when encoding).
     */
    public Path encryptedPrivateKey(Path dir, String password) throws Exception {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(ENCRYPTION_SCHEME);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(ENCRYPTION_SCHEME).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 2_048, new IvParameterSpec(iv)));
        byte[] algorithm = der(0x30, concat(PBES2_OID, cipher.getParameters().getEncoded()));
        byte[] der = der(0x30, concat(algorithm, der(0x04, cipher.doFinal(privateKeyDer()))));
        Path file = Files.createTempFile(dir, "encrypted-", ".key");
        Files.writeString(
                file,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                        + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        return file;
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        if (n >= 1 << 16) {
            throw new IllegalArgumentException("DER content of " + n + " bytes: longer than a test key needs");
        }
        byte[] length = n < 0x80
                ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n} : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, concat(length, content));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
