package dev.skiff.remoting.netty;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.log.RateLimitedLog;
import java.net.SocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the connections a server's TLS mode refused and logs them at most once per interval (a
 * scanner or a misconfigured client fleet must not flood the log): plain connections refused in
 * enforcing mode, TLS handshakes refused in disabled mode.
 */
public final class TlsRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(TlsRefusals.class);
    private static final long LOG_INTERVAL_MS = 10_000;

    private final LongAdder plainRefused = new LongAdder();
    private final LongAdder tlsRefused = new LongAdder();
    private final LongAdder tlsAccepted = new LongAdder();
    private final RateLimitedLog plainLog;
    private final RateLimitedLog tlsLog;

    TlsRefusals(SkiffClock clock) {
        this.plainLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
        this.tlsLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
    }

    void plainRefused(SocketAddress peer) {
        plainRefused.increment();
        plainLog.warn("closed a plain connection from {}: tls.server.mode={} accepts TLS only", peer, "enforcing");
    }

    void tlsRefused(SocketAddress peer) {
        tlsRefused.increment();
        tlsLog.warn(
                "refused a TLS handshake from {} with a handshake_failure alert: tls.server.mode={} (plain only);"
                        + " the client has TLS on (tls.enable / setUseTLS) or this server should enable TLS",
                peer,
                "disabled");
    }

    void tlsAccepted() {
        tlsAccepted.increment();
    }

    /** Plain connections closed because the server enforces TLS. */
    public long plainRefusedCount() {
        return plainRefused.sum();
    }

    /** TLS handshakes closed because the server has TLS disabled. */
    public long tlsRefusedCount() {
        return tlsRefused.sum();
    }

    /** Connections that started a TLS handshake and were handed to TLS. */
    public long tlsAcceptedCount() {
        return tlsAccepted.sum();
    }
}
