package dev.skiff.remoting.testing;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A self-signed certificate and its PKCS#8 key written as PEM files at test time (no key is ever
 * committed). Netty's generator works on JDK 25 without Bouncy Castle, so tests need no extra
 * dependency; a self-signed certificate is its own trust anchor, so it doubles as the trusted
 * certificate of a peer that checks it. One copy for every module's tests (the {@code
 * skiff-remoting} test jar).
 */
public record TestCertificates(Path certificate, Path privateKey) {

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
}
