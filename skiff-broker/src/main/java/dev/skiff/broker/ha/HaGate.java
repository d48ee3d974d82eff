package dev.skiff.broker.ha;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.log.RateLimitedLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a connection accepted on a master's HA port may replicate, before any byte of
 * the log is read: its source address must be in {@code haSlaveAllowList}; with {@code
 * haTlsEnable} its first byte must start a TLS handshake (0x16; a plain slave's first byte is the
 * high byte of its 8-byte offset report, 0 for any real offset) and the handshake must succeed with
 * a trusted client certificate, within {@value #HANDSHAKE_TIMEOUT_MS} ms. Each kind of refusal is
 * counted and logged with its reason at most once per {@value #LOG_INTERVAL_MS} ms (a scanner or a
 * misconfigured slave retrying every few seconds must not flood the log).
 */
final class HaGate {
    private static final Logger LOG = LoggerFactory.getLogger(HaGate.class);
    static final long LOG_INTERVAL_MS = 10_000;
    static final int HANDSHAKE_TIMEOUT_MS = 5_000;
    static final byte TLS_HANDSHAKE_RECORD = 0x16;

    private final HaAllowList allowList;
    private final HaTls tls;
    private final LongAdder addressRefused = new LongAdder();
    private final LongAdder plainRefused = new LongAdder();
    private final LongAdder handshakeFailed = new LongAdder();
    private final RateLimitedLog addressLog;
    private final RateLimitedLog plainLog;
    private final RateLimitedLog handshakeLog;

    /** {@code tls} null: plain HA port. */
    HaGate(HaAllowList allowList, HaTls tls, SkiffClock clock) {
        this.allowList = allowList;
        this.tls = tls;
        this.addressLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
        this.plainLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
        this.handshakeLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
    }

    /**
     * The socket to replicate over (the TLS one when TLS is on), or null when refused; a refused
     * socket is closed.
     */
    Socket admit(Socket raw) {
        SocketAddress peer = raw.getRemoteSocketAddress();
        if (!(peer instanceof InetSocketAddress inet) || !allowList.allows(inet.getAddress())) {
            addressRefused.increment();
            addressLog.warn("refused a replication connection from {}: not in haSlaveAllowList ({})", peer, allowList);
            closeQuietly(raw);
            return null;
        }
        if (tls == null) {
            return raw;
        }
        try {
            raw.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            InputStream in = raw.getInputStream();
            int first = in.read();
            if (first != TLS_HANDSHAKE_RECORD) {
                plainRefused.increment();
                plainLog.warn(
                        "refused a plain replication connection from {}: this HA port requires TLS (haTlsEnable=true"
                                + " here; set it on the slave too){}",
                        peer,
                        first < 0 ? " - the peer closed before sending" : "");
                closeQuietly(raw);
                return null;
            }
            return tls.accept(raw, (byte) first);
        } catch (IOException e) {
            handshakeFailed.increment();
            handshakeLog.warn(
                    "refused a replication connection from {}: TLS handshake failed (an untrusted or missing client"
                            + " certificate?): {}",
                    peer,
                    e.toString());
            closeQuietly(raw);
            return null;
        }
    }

    /** Connections refused for their source address. */
    long addressRefusedCount() {
        return addressRefused.sum();
    }

    /** Plain connections refused by a TLS port. */
    long plainRefusedCount() {
        return plainRefused.sum();
    }

    /** TLS handshakes that failed (untrusted or missing certificate, timeout, protocol error). */
    long handshakeFailedCount() {
        return handshakeFailed.sum();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a refused replication socket", e);
        }
    }
}
