package dev.skiff.controller.server;

import dev.skiff.auth.AuthSettings;
import dev.skiff.auth.sign.Credentials;
import dev.skiff.remoting.TlsOptions;
import java.util.Set;

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
 * @param requestChecks how the remoting port checks the requests it receives (signatures and the
 *     controller's request table, {@code RequestRules.controller()}: operator reads open, the rest
 *     for super users such as the brokers' inner credentials); null = no checks
 */
public record ControllerSecurity(
        TlsOptions tls, boolean raftTls, Credentials noticeCredentials, AuthSettings requestChecks) {

    public ControllerSecurity {
        if (tls == null) {
            throw new IllegalArgumentException("tls options are required (TlsOptions.disabled() for none)");
        }
        if (requestChecks != null && requestChecks.anyEnabled() && requestChecks.innerCredentials() == null) {
            throw new IllegalArgumentException(
                    "request checks need the inner credentials: the brokers sign their controller requests with them");
        }
    }

    /**
     * Auth configured with the inner credentials alone: notices signed with them, and every request
     * received checked (signature and table), the inner credentials being the super user.
     */
    public ControllerSecurity(TlsOptions tls, boolean raftTls, Credentials innerCredentials) {
        this(tls, raftTls, innerCredentials, innerCredentials == null ? null : checksFor(innerCredentials));
    }

    /** Authentication and authorization on, the inner credentials the only user. */
    public static AuthSettings checksFor(Credentials innerCredentials) {
        return new AuthSettings(true, true, null, innerCredentials, Set.of(), Set.of());
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
