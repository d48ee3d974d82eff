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
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
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
 * <p>Inputs: a PEM certificate chain, its PEM PKCS#8 private key (EC, RSA or Ed25519; either {@code
 * BEGIN PRIVATE KEY}, or {@code BEGIN ENCRYPTED PRIVATE KEY} with its password, e.g. as written by
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}) and a PEM file of trusted certificates, at most
 * {@value #PEM_MAX_BYTES} bytes each. Host names are not
 * checked (peers are addressed by IP address and certificates rarely name them); the chain is.
 */
public final class RaftTls {
    static final long PEM_MAX_BYTES = 1 << 20;
    private static final char[] IN_MEMORY_PASSWORD = "skiff-raft".toCharArray();

    private final GrpcTlsConfig config;

    private RaftTls(GrpcTlsConfig config) {
        this.config = config;
    }

    /** Reads the three PEM files; the key is not encrypted. */
    public static RaftTls fromPem(Path certificateChain, Path privateKey, Path trusted) {
        return fromPem(certificateChain, privateKey, null, trusted);
    }

    /**
     * Reads the three PEM files.
     *
     * @param keyPassword the password of an encrypted key, or {@code null} for a key that is not
     * @throws IllegalArgumentException naming the file that is missing, too large or malformed, or
     *     saying that the key needs a password or that the password does not open it
     */
    public static RaftTls fromPem(Path certificateChain, Path privateKey, String keyPassword, Path trusted) {
        try {
            List<X509Certificate> chain = certificates(certificateChain);
            PrivateKey key = privateKey(privateKey, keyPassword);
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

    private static final String PBES2_OID = "1.2.840.113549.1.5.13";
    private static final String PLAIN_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PLAIN_END = "-----END PRIVATE KEY-----";
    private static final String ENCRYPTED_BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final String ENCRYPTED_END = "-----END ENCRYPTED PRIVATE KEY-----";

    static PrivateKey privateKey(Path file, String password) throws IOException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        byte[] plain = pemBody(text, PLAIN_BEGIN, PLAIN_END);
        if (plain == null) {
            byte[] encrypted = pemBody(text, ENCRYPTED_BEGIN, ENCRYPTED_END);
            if (encrypted == null) {
                throw new IOException(
                        "no PEM PKCS#8 key (BEGIN PRIVATE KEY or BEGIN ENCRYPTED PRIVATE KEY) in " + file);
            }
            if (password == null || password.isEmpty()) {
                throw new IOException(
                        "the key in " + file + " is encrypted: set tls.server.keyPassword in the tls.config.file");
            }
            plain = decrypt(encrypted, password, file);
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(plain));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("the key in " + file + " is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    /** The DER between the two markers, or {@code null} when they are not there. */
    private static byte[] pemBody(String text, String begin, String end) throws IOException {
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException("the PEM text between " + begin + " and " + end + " is not Base64", e);
        }
    }

    /**
     * Opens an encrypted PKCS#8 structure (PBES2 or an older PBE scheme) with {@code password}. A
     * wrong password shows as a cipher failure or as bytes that are not a key; both are reported the
     * same way.
     */
    private static byte[] decrypt(byte[] der, String password, Path file) throws IOException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 names its real scheme (e.g. PBEWithHmacSHA256AndAES_256) only in its parameters
            String scheme = info.getAlgName();
            if (scheme.equalsIgnoreCase("PBES2") || scheme.equals(PBES2_OID)) {
                scheme = info.getAlgParameters().toString();
            }
            SecretKey key = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password.toCharArray()));
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "cannot open the encrypted key in " + file
                            + " with tls.server.keyPassword (wrong password or unsupported scheme: " + e.getMessage()
                            + ")",
                    e);
        }
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
