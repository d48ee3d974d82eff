package dev.skiff.bench.process;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;

/**
 * The certificate both systems serve in a {@code --tls} comparison: one self-signed EC P-256
 * certificate and its PKCS#8 key, generated for the run into its work folder as PEM files (no key
 * is kept anywhere else). Both servers get the same files, so the handshake and the cipher suites
 * they negotiate with the same client are alike.
 *
 * @param certificate PEM certificate ({@code tls.server.certPath})
 * @param privateKey PEM key ({@code tls.server.keyPath})
 */
public record BenchCertificate(Path certificate, Path privateKey) {

    @SuppressWarnings("deprecation") // Netty's generator: enough for a throwaway benchmark certificate
    public static BenchCertificate generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        SelfSignedCertificate generated;
        try {
            generated = new SelfSignedCertificate("skiff-bench", "EC", 256);
        } catch (CertificateException e) {
            throw new IOException("cannot generate the benchmark's TLS certificate", e);
        }
        try {
            Path cert = dir.resolve("bench-tls.crt");
            Path key = dir.resolve("bench-tls.key");
            Files.copy(generated.certificate().toPath(), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(generated.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
            return new BenchCertificate(cert, key);
        } finally {
            generated.delete();
        }
    }
}
