package dev.skiff.broker.ha;

import dev.skiff.remoting.TlsOptions;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Mutual TLS of the HA port ({@code haTlsEnable}), over the blocking sockets the replication
 * threads use. The material is the process's {@code tls.*} keys: the master side presents {@code
 * tls.server.certPath}/{@code tls.server.keyPath} and requires every slave to present a
 * certificate that leads to {@code tls.server.trustCertPath}; the slave side presents {@code
 * tls.client.certPath}/{@code tls.client.keyPath} and requires the master's certificate to lead to
 * {@code tls.client.trustCertPath}. All six are required (a broker may be master and slave over
 * time); there is no test mode here, because the certificate check is the port's authentication.
 * Host names are not checked (peers are dialled by IP address); the chain is.
 */
final class HaTls {
    private final SSLContext server;
    private final SSLContext client;

    private HaTls(SSLContext server, SSLContext client) {
        this.server = server;
        this.client = client;
    }

    /**
     * Builds both sides from {@code tls}.
     *
     * @throws IllegalArgumentException naming the missing or unusable key
     */
    static HaTls of(TlsOptions tls) {
        File serverCert = required(TlsOptions.SERVER_CERT_PATH, tls.serverCertPath());
        File serverKey = required(TlsOptions.SERVER_KEY_PATH, tls.serverKeyPath());
        File serverTrust = required(TlsOptions.SERVER_TRUST_CERT_PATH, tls.serverTrustCertPath());
        File clientCert = required(TlsOptions.CLIENT_CERT_PATH, tls.clientCertPath());
        File clientKey = required(TlsOptions.CLIENT_KEY_PATH, tls.clientKeyPath());
        File clientTrust = required(TlsOptions.CLIENT_TRUST_CERT_PATH, tls.clientTrustCertPath());
        try {
            SslContext server = SslContextBuilder.forServer(serverCert, serverKey, blankToNull(tls.serverKeyPassword()))
                    .sslProvider(SslProvider.JDK)
                    .trustManager(serverTrust)
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
            SslContext client = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .keyManager(clientCert, clientKey, blankToNull(tls.clientKeyPassword()))
                    .trustManager(clientTrust)
                    .build();
            return new HaTls(((JdkSslContext) server).context(), ((JdkSslContext) client).context());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "haTlsEnable: cannot build the HA port's TLS context from the tls.*"
                            + " certificate, key and trust files: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The master's side of an accepted connection whose first byte ({@code first}, a TLS record
     * type) was read already; handshakes at once, requiring a trusted client certificate.
     */
    SSLSocket accept(Socket raw, byte first) throws IOException {
        SSLSocket s = (SSLSocket)
                server.getSocketFactory().createSocket(raw, new ByteArrayInputStream(new byte[] {first}), true);
        s.setUseClientMode(false);
        s.setNeedClientAuth(true);
        s.startHandshake();
        return s;
    }

    /** The slave's side of a connected socket to {@code host:port}; handshakes at once. */
    SSLSocket connect(Socket raw, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(raw, host, port, true);
        s.setUseClientMode(true);
        s.startHandshake();
        return s;
    }

    private static File required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("haTlsEnable=true needs " + key
                    + " (PEM); the HA port uses mutual TLS with the tls.server.* and tls.client.* files");
        }
        Path path = Path.of(value.trim());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(key + " is not a readable file: " + path);
        }
        return path.toFile();
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
