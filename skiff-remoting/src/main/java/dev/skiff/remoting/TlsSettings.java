package dev.skiff.remoting;

import java.nio.file.Path;
import java.util.Locale;

/**
 * TLS of one server or client. {@link Mode} applies to servers: {@link Mode#DISABLED} refuses a
 * TLS handshake, {@link Mode#PERMISSIVE} serves plain and TLS connections on one port (a first
 * byte 0x16 is a TLS handshake record), {@link Mode#ENFORCING} closes every connection that does
 * not start with one. A client uses TLS when its mode is anything but {@link Mode#DISABLED}.
 * Usually built from the official {@code tls.*} keys by {@link TlsOptions}.
 *
 * @param mode whether and how TLS is used
 * @param certificateChain PEM X.509 certificate chain presented to the peer, or {@code null}
 *     (required by a server unless {@code selfSigned}; optional for a client)
 * @param privateKey PEM PKCS#8 private key of {@code certificateChain}, or {@code null}
 * @param keyPassword password of an encrypted {@code privateKey}, or {@code null}
 * @param verifyPeer check the peer's certificate; {@code false} accepts any certificate
 * @param trustedCertificates PEM certificates the peer's chain must lead to when {@code verifyPeer};
 *     {@code null} = the JVM's default trust store
 * @param clientAuth servers: whether a client certificate is asked for
 * @param selfSigned servers without {@code certificateChain}: generate a throwaway self-signed
 *     certificate at start (the official test mode; never for production)
 */
public record TlsSettings(
        Mode mode,
        Path certificateChain,
        Path privateKey,
        String keyPassword,
        boolean verifyPeer,
        Path trustedCertificates,
        ClientAuth clientAuth,
        boolean selfSigned) {

    /** Server TLS modes, named as the official {@code tls.server.mode} values. */
    public enum Mode {
        DISABLED,
        PERMISSIVE,
        ENFORCING;

        /** Parses {@code disabled}, {@code permissive} or {@code enforcing} (any case). */
        public static Mode parse(String text) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(text.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("TLS mode must be disabled, permissive or enforcing: '" + text + "'");
        }

        public String officialName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a server asks for a client certificate, as {@code tls.server.need.client.auth}. */
    public enum ClientAuth {
        NONE,
        OPTIONAL,
        REQUIRE;

        /** Parses {@code none}, {@code optional} or {@code require} (any case); blank = none. */
        public static ClientAuth parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            for (ClientAuth auth : values()) {
                if (auth.name().equalsIgnoreCase(text.trim())) {
                    return auth;
                }
            }
            throw new IllegalArgumentException("client auth must be none, optional or require: '" + text + "'");
        }
    }

    public static TlsSettings disabled() {
        return new TlsSettings(Mode.DISABLED, null, null, null, false, null, ClientAuth.NONE, false);
    }

    /** A server with a PEM certificate chain and key, no client certificate asked for. */
    public static TlsSettings server(Mode mode, Path certificateChain, Path privateKey) {
        return new TlsSettings(mode, certificateChain, privateKey, null, false, null, ClientAuth.NONE, false);
    }

    /** A client that uses TLS and accepts any server certificate (the official test mode). */
    public static TlsSettings trustingClient() {
        return new TlsSettings(Mode.ENFORCING, null, null, null, false, null, ClientAuth.NONE, false);
    }

    public TlsSettings {
        if (mode == null || clientAuth == null) {
            throw new IllegalArgumentException("TLS mode and clientAuth are required");
        }
        if (mode != Mode.DISABLED && (certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS certificate and key paths go together: certPath=" + certificateChain
                    + ", keyPath=" + privateKey);
        }
    }

    public boolean enabled() {
        return mode != Mode.DISABLED;
    }

    /** These settings, asking clients for a certificate checked against {@code trusted}. */
    public TlsSettings withClientAuth(ClientAuth auth, Path trusted) {
        return new TlsSettings(mode, certificateChain, privateKey, keyPassword, true, trusted, auth, selfSigned);
    }

    /** These settings, checking the peer's certificate against {@code trusted} (null = JVM default). */
    public TlsSettings withVerifiedPeer(Path trusted) {
        return new TlsSettings(mode, certificateChain, privateKey, keyPassword, true, trusted, clientAuth, selfSigned);
    }

    /** These settings, presenting {@code chain} and {@code key} to the peer. */
    public TlsSettings withKeyPair(Path chain, Path key, String password) {
        return new TlsSettings(mode, chain, key, password, verifyPeer, trustedCertificates, clientAuth, selfSigned);
    }
}
