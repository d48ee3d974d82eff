package dev.skiff.controller.server;

import dev.skiff.auth.sign.Credentials;
import dev.skiff.remoting.TlsOptions;

/**
 * How a controller peer protects what it serves and sends.
 *
 * @param tls the official {@code tls.*} options: {@code tls.server.mode} etc. for the remoting port,
 *     {@code tls.enable} for the role notices sent to brokers
 * @param raftTls the Raft port talks mutual TLS with {@code tls.server.certPath}, {@code
 *     tls.server.keyPath} and {@code tls.server.trustCertPath} of {@code tls} (all then required)
 * @param noticeCredentials the inner credentials ({@code innerClientAuthenticationCredentials}, the
 *     same value the brokers have) every request to a broker is signed with, so that a broker with
 *     authentication on accepts the role notices; null = unsigned
 */
public record ControllerSecurity(TlsOptions tls, boolean raftTls, Credentials noticeCredentials) {

    public ControllerSecurity {
        if (tls == null) {
            throw new IllegalArgumentException("tls options are required (TlsOptions.disabled() for none)");
        }
    }

    /** TLS on the remoting side only, plain Raft, unsigned notices. */
    public static ControllerSecurity of(TlsOptions tls) {
        return new ControllerSecurity(tls, false, null);
    }

    /** Nothing on. */
    public static ControllerSecurity none() {
        return of(TlsOptions.disabled());
    }
}
