package dev.skiff.broker.ha;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.ReplicaLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's replication client, one thread ({@code skiff-ha-client}): connects to the master's HA
 * address (the configured {@code haMasterAddress}, else the one the name servers answer a
 * registration with), reports its max offset at once, after every append and every {@code
 * haSendHeartbeatInterval}, and appends each {@link TransferFrame} body to its log at the frame's
 * offset. A frame whose offset is not the log's end (once the log holds anything), a body size out
 * of range, or {@code haHousekeepingInterval} without a byte from the master closes the
 * connection; the client reconnects after a back-off that doubles from {@value #BACKOFF_MIN_MS} ms
 * up to {@value #BACKOFF_MAX_MS} ms and resets once a connection delivered a frame. With {@code
 * haTlsEnable} the connection is mutual TLS ({@link HaTls}): a master whose certificate is not
 * trusted is never followed.
 */
final class HaClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaClient.class);
    static final long BACKOFF_MIN_MS = 200;
    static final long BACKOFF_MAX_MS = 5_000;
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private final ReplicaLog log;
    private final HaSettings settings;
    private final SkiffClock clock;
    private final HaTls tls;
    private final FrameAssembler frames = new FrameAssembler(TransferFrame.BODY_MAX_BYTES);
    private final byte[] reportBytes = new byte[TransferFrame.REPORT_BYTES];
    private final Thread thread;
    private volatile String masterAddress;
    private volatile boolean running = true;
    private volatile Socket socket;
    private volatile boolean connected;
    private volatile String localAddress;
    private volatile long lastReadMs;
    private long reported = -1;
    private long lastReportMs;

    /** {@code tls} null: a plain connection. */
    HaClient(String masterAddress, ReplicaLog log, HaSettings settings, HaTls tls, SkiffClock clock) {
        this.tls = tls;
        this.masterAddress = masterAddress == null || masterAddress.isEmpty() ? null : masterAddress;
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.thread = new Thread(this::run, "skiff-ha-client");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** This side of the connection now ({@code host:port}); null while not connected. */
    String localAddress() {
        return connected ? localAddress : null;
    }

    /** Follows another master address from now on (the current connection is closed if it differs). */
    void setMasterAddress(String address) {
        String old = masterAddress;
        if (address == null || address.isEmpty() || address.equals(old)) {
            return;
        }
        masterAddress = address;
        LOG.info("master HA address is now {} (was {})", address, old);
        closeSocket();
        LockSupport.unpark(thread);
    }

    String masterAddress() {
        return masterAddress;
    }

    boolean isConnected() {
        return connected;
    }

    long lastReadMs() {
        return lastReadMs;
    }

    private void run() {
        long backoffMs = BACKOFF_MIN_MS;
        while (running) {
            String address = masterAddress;
            if (address != null) {
                try {
                    if (follow(address)) {
                        backoffMs = BACKOFF_MIN_MS;
                    }
                } catch (IOException e) {
                    if (running) {
                        LOG.info("replication from master {} stopped: {}", address, e.toString());
                    }
                } catch (RuntimeException e) {
                    LOG.error("replication from master {} failed", address, e);
                } finally {
                    connected = false;
                    closeSocket();
                }
            }
            if (running) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoffMs));
                backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
            }
        }
    }

    /** One connection, until it fails; returns whether any frame arrived. */
    private boolean follow(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        Socket s = new Socket();
        socket = s;
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        if (tls != null) {
            s.setSoTimeout(HaGate.HANDSHAKE_TIMEOUT_MS);
            s = tls.connect(s, host, port);
            socket = s;
        }
        s.setSoTimeout((int) Math.min(HaConnection.READ_SLICE_MS, settings.heartbeatMs()));
        localAddress = s.getLocalSocketAddress().toString().replaceFirst("^.*/", "");
        connected = true;
        frames.reset();
        reported = -1;
        lastReadMs = clock.nowMs();
        LOG.info("following master {} from offset {}{}", address, log.maxOffset(), tls == null ? "" : " over TLS");
        boolean gotFrame = false;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        if (settings.helloId() > 0) {
            out.write(TransferFrame.report(TransferFrame.HELLO));
            out.write(TransferFrame.report(settings.helloId()));
        }
        report(out, true);
        while (running && masterAddress == address) {
            int n;
            try {
                n = in.read(frames.buffer(), frames.position(), frames.want());
            } catch (SocketTimeoutException idle) {
                n = 0;
            }
            long now = clock.nowMs();
            if (n < 0) {
                throw new IOException("the master closed the connection");
            }
            if (n > 0) {
                lastReadMs = now;
                if (frames.advance(n)) {
                    apply();
                    gotFrame = true;
                    report(out, false);
                }
            } else if (now - lastReadMs > settings.housekeepingMs()) {
                throw new IOException("nothing from the master for " + (now - lastReadMs) + " ms");
            }
            if (now - lastReportMs >= settings.heartbeatMs()) {
                report(out, true);
            }
        }
        return gotFrame;
    }

    private void apply() throws IOException {
        long offset = frames.offset();
        long mine = log.maxOffset();
        if (mine != 0 && offset != mine) {
            throw new IOException("the master sent offset " + offset + " but this slave's log ends at " + mine);
        }
        var body = frames.body();
        if (body.hasRemaining()) {
            log.appendReplicated(offset, body);
        }
        frames.reset();
    }

    /** Reports the max offset when it moved (or always, {@code force}: the heartbeat). */
    private void report(OutputStream out, boolean force) throws IOException {
        long max = log.maxOffset();
        if (!force && max == reported) {
            return;
        }
        java.nio.ByteBuffer.wrap(reportBytes).putLong(0, max);
        out.write(reportBytes);
        reported = max;
        lastReportMs = clock.nowMs();
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the replication socket", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        closeSocket();
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
