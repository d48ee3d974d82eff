package dev.skiff.remoting.netty;

import dev.skiff.remoting.TlsSettings;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds SSL contexts from {@link TlsSettings} and installs TLS on connections. A mode that cannot
 * be honoured (no key material, unreadable or malformed files) fails at start with a message that
 * says why, never silently and never at the first handshake.
 */
final class TlsSupport {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSupport.class);
    static final String SSL_HANDLER = "ssl";
    static final String TLS_DETECTOR = "tls-detector";

    private TlsSupport() {}

    /** The server's context, or {@code null} when TLS is disabled. */
    static SslContext serverContext(TlsSettings tls) {
        if (!tls.enabled()) {
            return null;
        }
        try {
            SslContextBuilder builder;
            if (tls.certificateChain() != null) {
                builder = SslContextBuilder.forServer(
                        readable(tls.certificateChain(), "certificate"),
                        readable(tls.privateKey(), "private key"),
                        tls.keyPassword());
            } else if (tls.selfSigned()) {
                SelfSigned generated = SelfSigned.generate();
                LOG.warn("TLS test mode: serving a throwaway self-signed certificate (set tls.server.certPath"
                        + " and tls.server.keyPath for production)");
                builder = SslContextBuilder.forServer(generated.privateKey(), generated.certificate());
            } else {
                throw new IllegalStateException("TLS mode " + tls.mode()
                        + " needs a certificate chain and a private key (PEM paths); none given");
            }
            trust(builder, tls);
            builder.clientAuth(clientAuth(tls.clientAuth()));
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the server TLS context: " + e.getMessage(), e);
        }
    }

    /** The client's context, or {@code null} when TLS is disabled. */
    static SslContext clientContext(TlsSettings tls) {
        if (!tls.enabled()) {
            return null;
        }
        try {
            // The chain is checked (when verifyPeer), the host name is not: brokers and name servers
            // are dialled by IP address, which certificates rarely list; the official client does
            // the same.
            SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
            trust(builder, tls);
            if (tls.certificateChain() != null) {
                builder.keyManager(
                        readable(tls.certificateChain(), "certificate"),
                        readable(tls.privateKey(), "private key"),
                        tls.keyPassword());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the client TLS context: " + e.getMessage(), e);
        }
    }

    private static void trust(SslContextBuilder builder, TlsSettings tls) {
        if (!tls.verifyPeer()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (tls.trustedCertificates() != null) {
            builder.trustManager(readable(tls.trustedCertificates(), "trusted certificates"));
        }
        // verifyPeer without trusted certificates: the JVM's default trust store.
    }

    private static ClientAuth clientAuth(TlsSettings.ClientAuth auth) {
        return switch (auth) {
            case NONE -> ClientAuth.NONE;
            case OPTIONAL -> ClientAuth.OPTIONAL;
            case REQUIRE -> ClientAuth.REQUIRE;
        };
    }

    private static File readable(Path path, String what) {
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("TLS " + what + " file is not readable: " + path);
        }
        return path.toFile();
    }

    /**
     * Installs the first-byte check on a server connection: it adds TLS when the peer starts a
     * handshake and the mode allows it, and closes connections the mode refuses.
     */
    static void installServer(
            ChannelPipeline pipeline, SslContext context, TlsSettings.Mode mode, TlsRefusals refusals) {
        pipeline.addFirst(TLS_DETECTOR, new TlsModeDetector(context, mode, refusals));
    }

    /** A generated key and certificate (test mode), kept in memory only (the temp files are deleted). */
    private record SelfSigned(X509Certificate certificate, PrivateKey privateKey) {
        @SuppressWarnings("deprecation") // Netty's generator: fine for a throwaway test-mode certificate
        static SelfSigned generate() {
            try {
                SelfSignedCertificate generated = new SelfSignedCertificate("skiff", "EC", 256);
                SelfSigned pair = new SelfSigned(generated.cert(), generated.key());
                generated.delete();
                return pair;
            } catch (CertificateException | RuntimeException e) {
                throw new IllegalStateException(
                        "TLS test mode cannot generate a self-signed certificate on this JVM; set"
                                + " tls.server.certPath and tls.server.keyPath: " + e.getMessage(),
                        e);
            }
        }
    }
}
