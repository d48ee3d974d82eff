package dev.skiff.controller.raft;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * Mutual TLS of the controller's Raft port (Ratis over gRPC): every peer presents one certificate
 * (as server and as client) and accepts a peer only when that peer's chain leads to one of the
 * trusted certificates. The same configuration serves the Raft server, admin and client services
 * (they share the peer's one port) and the peer's own Raft client.
 *
 * <p>Inputs: a PEM certificate chain, its unencrypted PEM PKCS#8 private key (EC or RSA) and a PEM
 * file of trusted certificates, at most {@value #PEM_MAX_BYTES} bytes each. Host names are not
 * checked (peers are addressed by IP address and certificates rarely name them); the chain is.
 */
public final class RaftTls {
    static final long PEM_MAX_BYTES = 1 << 20;
    private static final char[] IN_MEMORY_PASSWORD = "skiff-raft".toCharArray();

    private final GrpcTlsConfig config;

    private RaftTls(GrpcTlsConfig config) {
        this.config = config;
    }

    /**
     * Reads the three PEM files.
     *
     * @throws IllegalArgumentException naming the file that is missing, too large or malformed
     */
    public static RaftTls fromPem(Path certificateChain, Path privateKey, Path trusted) {
        try {
            List<X509Certificate> chain = certificates(certificateChain);
            PrivateKey key = privateKey(privateKey);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("raft", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY_PASSWORD);
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(trusted)) {
                anchors.setCertificateEntry("trusted-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            X509TrustManager chainCheck = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    chainCheck = x;
                }
            }
            KeyManager keyManager = kmf.getKeyManagers()[0];
            return new RaftTls(new GrpcTlsConfig(keyManager, new ChainOnly(chainCheck), true));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Raft TLS: " + e.getMessage(), e);
        }
    }

    /** Puts this configuration on every gRPC service and client Ratis builds from {@code parameters}. */
    void apply(Parameters parameters) {
        GrpcConfigKeys.TLS.setConf(parameters, config);
        GrpcConfigKeys.Server.setTlsConf(parameters, config);
        GrpcConfigKeys.Admin.setTlsConf(parameters, config);
        GrpcConfigKeys.Client.setTlsConf(parameters, config);
    }

    private static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("not a readable file: " + file);
        }
        if (Files.size(file) > PEM_MAX_BYTES) {
            throw new IOException("larger than " + PEM_MAX_BYTES + " bytes: " + file);
        }
        return Files.readAllBytes(file);
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = new java.io.ByteArrayInputStream(read(file))) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no PEM certificate in " + file);
        }
        return out;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new IOException("no unencrypted PEM PKCS#8 key (BEGIN PRIVATE KEY) in " + file);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("the key in " + file + " is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    /** Checks the peer's chain against the trusted certificates, never its host name. */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        ChainOnly(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
