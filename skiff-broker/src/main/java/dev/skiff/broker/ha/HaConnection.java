package dev.skiff.broker.ha;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.ReplicaLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's end of one slave's connection: a reader thread takes the slave's offset reports, a
 * writer thread streams {@link TransferFrame}s from where the slave's first report says.
 *
 * <p>Where sending starts, from the first report R: R = 0 (an empty slave) starts at the start of
 * the master's last segment; R beyond the master's max offset means the slave holds bytes this
 * master never had, so the connection is closed with an error (the slave must be emptied or
 * truncated); R below the master's oldest segment cannot be served (retention removed those
 * bytes): the connection stays, with heartbeats only, and the slave stays out of the in-sync set;
 * otherwise sending starts at R. Either side closes the connection when nothing arrived for {@code
 * haHousekeepingInterval}. Each thread's buffer is allocated once: the reader's 8 bytes, the
 * writer's header plus {@code haTransferBatchSize}.
 */
final class HaConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaConnection.class);
    /** How long a blocking read waits before the housekeeping check. */
    static final int READ_SLICE_MS = 500;
    /** Longest wait for the log to grow before the heartbeat check. */
    private static final long GROWTH_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Socket socket;
    private final SlaveLink link;
    private final ReplicaLog log;
    private final HaSettings settings;
    private final InSyncRule rule;
    private final Runnable onReport;
    private final Runnable onClose;
    private final SkiffClock clock;
    private final CountDownLatch firstReport = new CountDownLatch(1);
    private final Thread reader;
    private final Thread writer;
    private volatile boolean open = true;
    private volatile long lastReadMs;
    private volatile long nextOffset = -1;
    /** The reader saw a hello: its next 8 bytes are a broker id, not an offset (reader thread only). */
    private boolean expectingId;

    HaConnection(
            Socket socket,
            ReplicaLog log,
            HaSettings settings,
            InSyncRule rule,
            Runnable onReport,
            Runnable onClose,
            SkiffClock clock) {
        this.socket = socket;
        this.link = new SlaveLink(socket.getRemoteSocketAddress().toString().replaceFirst("^.*/", ""));
        this.log = log;
        this.settings = settings;
        this.rule = rule;
        this.onReport = onReport;
        this.onClose = onClose;
        this.clock = clock;
        this.reader = new Thread(this::readLoop, "skiff-ha-read-" + link.address);
        this.writer = new Thread(this::writeLoop, "skiff-ha-write-" + link.address);
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    SlaveLink link() {
        return link;
    }

    /** Where the next frame starts (-1 before the first report). */
    long nextOffset() {
        return nextOffset;
    }

    void start() throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_SLICE_MS);
        lastReadMs = clock.nowMs();
        reader.start();
        writer.start();
    }

    private void readLoop() {
        byte[] report = new byte[TransferFrame.REPORT_BYTES];
        int pos = 0;
        try (InputStream in = socket.getInputStream()) {
            while (open) {
                int n;
                try {
                    n = in.read(report, pos, report.length - pos);
                } catch (SocketTimeoutException idle) {
                    n = 0;
                }
                long now = clock.nowMs();
                if (n < 0) {
                    LOG.info("slave {} closed its replication connection", link.address);
                    break;
                }
                if (n > 0) {
                    lastReadMs = now;
                    pos += n;
                    if (pos == report.length) {
                        pos = 0;
                        onReport(ByteBuffer.wrap(report).getLong(0), now);
                    }
                } else if (now - lastReadMs > settings.housekeepingMs()) {
                    LOG.warn(
                            "slave {} silent for {} ms: closing its replication connection",
                            link.address,
                            now - lastReadMs);
                    break;
                }
            }
        } catch (IOException e) {
            if (open) {
                LOG.info("replication connection of slave {} failed: {}", link.address, e.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("replication reader of slave {} failed", link.address, e);
        } finally {
            close();
        }
    }

    private void onReport(long offset, long nowMs) {
        if (expectingId) {
            expectingId = false;
            link.brokerId = offset;
            LOG.info("slave {} is broker {}", link.address, offset);
            return;
        }
        if (offset == TransferFrame.HELLO && link.requestOffset < 0) {
            expectingId = true; // the next 8 bytes are the slave's broker id
            return;
        }
        boolean first = link.requestOffset < 0;
        rule.onReport(link, offset, log.maxOffset(), nowMs);
        if (first) {
            firstReport.countDown();
        }
        onReport.run();
    }

    private void writeLoop() {
        byte[] frame = new byte[TransferFrame.HEADER_BYTES + settings.transferBatchBytes()];
        ByteBuffer body = ByteBuffer.wrap(frame, TransferFrame.HEADER_BYTES, settings.transferBatchBytes())
                .slice();
        try (OutputStream out = socket.getOutputStream()) {
            long next = awaitStart();
            if (next < 0) {
                return;
            }
            long lastWriteMs = clock.nowMs();
            boolean warnedBehind = false;
            while (open) {
                body.clear();
                int n = log.read(next, body);
                long now = clock.nowMs();
                if (n > 0) {
                    TransferFrame.writeHeader(frame, next, n);
                    out.write(frame, 0, TransferFrame.HEADER_BYTES + n);
                    next += n;
                    nextOffset = next;
                    lastWriteMs = now;
                    continue;
                }
                if (!warnedBehind && next < log.minOffset()) {
                    warnedBehind = true;
                    LOG.error(
                            "slave {} asks for offset {}, below this master's oldest offset {}: retention removed"
                                    + " those bytes; the slave cannot catch up and stays out of the in-sync set",
                            link.address,
                            next,
                            log.minOffset());
                }
                if (now - lastWriteMs >= settings.heartbeatMs()) {
                    TransferFrame.writeHeader(frame, next, 0);
                    out.write(frame, 0, TransferFrame.HEADER_BYTES);
                    lastWriteMs = now;
                }
                // nothing at next: wait for the log to pass its end (when next is below the oldest
                // segment nothing ever comes there, and this is a bounded nap between heartbeats)
                log.awaitGrowth(Math.max(next, log.maxOffset()), GROWTH_WAIT_NS);
            }
        } catch (IOException e) {
            if (open) {
                LOG.info("sending to slave {} failed: {}", link.address, e.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("replication writer of slave {} failed", link.address, e);
        } finally {
            close();
        }
    }

    /** Waits for the first report and decides where sending starts; -1: do not send. */
    private long awaitStart() throws IOException {
        try {
            while (open && !firstReport.await(READ_SLICE_MS, TimeUnit.MILLISECONDS)) {
                // the reader's housekeeping closes a silent slave
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        if (!open) {
            return -1;
        }
        long asked = link.requestOffset;
        long max = log.maxOffset();
        long start = startOffset(asked, max, log.segmentBytes());
        if (asked >>> 56 == HaGate.TLS_HANDSHAKE_RECORD) {
            LOG.error(
                    "slave {} started a TLS handshake, but this master's HA port is plain (haTlsEnable=false here):"
                            + " closing. Set haTlsEnable alike on the master and its slaves.",
                    link.address);
            return -1;
        }
        if (start < 0) {
            LOG.error(
                    "slave {} reports offset {}, negative or beyond this master's end {}: its log holds bytes"
                            + " this master never had, or it is not a replication client; closing. Empty or"
                            + " truncate the slave's store to follow this master.",
                    link.address,
                    asked,
                    max);
            return -1;
        }
        LOG.info("slave {} reports offset {}: sending from {}", link.address, asked, start);
        nextOffset = start;
        return start;
    }

    /** Where sending starts for a first report of {@code asked}; -1 when it is beyond {@code max} or negative. */
    static long startOffset(long asked, long max, int segmentBytes) {
        if (asked < 0) {
            return -1; // no log ends before 0
        }
        if (asked == 0) {
            return max - max % segmentBytes;
        }
        return asked > max ? -1 : asked;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        link.connected = false;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the replication socket of {}", link.address, e);
        }
        onClose.run();
    }

    /** Closes and waits (bounded) for both threads. */
    void closeAndJoin() {
        close();
        reader.interrupt();
        writer.interrupt();
        try {
            reader.join(2_000);
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
