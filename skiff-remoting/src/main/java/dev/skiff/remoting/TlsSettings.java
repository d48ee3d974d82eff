package dev.skiff.remoting;

import java.nio.file.Path;

/**
 * TLS for a server or client. {@link Mode#DISABLED} is the default; the other modes are the seam
 * for TLS support: a server in {@link Mode#PERMISSIVE} accepts both plain and TLS connections
 * (a first byte 0x16 is a ClientHello), in {@link Mode#ENFORCING} only TLS.
 *
 * @param mode whether TLS is used
 * @param certificateChain PEM certificate chain (server), or {@code null}
 * @param privateKey PEM private key (server), or {@code null}
 * @param trustedCertificates PEM CA bundle to verify the peer, or {@code null} to trust any (tests)
 */
public record TlsSettings(Mode mode, Path certificateChain, Path privateKey, Path trustedCertificates) {

    public enum Mode {
        DISABLED,
        PERMISSIVE,
        ENFORCING
    }

    public static TlsSettings disabled() {
        return new TlsSettings(Mode.DISABLED, null, null, null);
    }

    public TlsSettings {
        if (mode == null) {
            throw new IllegalArgumentException("TLS mode is required");
        }
        if (mode != Mode.DISABLED && (certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("certificateChain and privateKey go together");
        }
    }
}
