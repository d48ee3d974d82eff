package dev.skiff.broker.ha;

import java.nio.ByteBuffer;

/**
 * The two messages of the classic HA protocol, both big-endian, on a plain TCP connection the
 * slave opens to the master's HA port (no remoting frame around them).
 *
 * <p>Slave to master, the offset report (8 bytes), sent on connect, after each append and every
 * {@code haSendHeartbeatInterval}:
 *
 * <pre>
 * offset  size  field
 *      0     8  slave max offset: end of the slave's commit log (0 when empty)
 * </pre>
 *
 * <p>A Skiff slave in controller mode first says who it is, before its first report: the 8-byte
 * value {@link #HELLO} (negative, so never an offset), then its controller broker id in the next 8
 * bytes. The master then names the connection by that id, not by its socket address, when it
 * checks the controller's in-sync set ({@code allAckInSyncStateSet}), so a slave behind address
 * translation is still recognised. Only controller-mode slaves send it, and they follow only Skiff
 * masters; a classic slave (Skiff's or the official one) never does.
 *
 * <p>Master to slave, a transfer frame (12-byte header and a body), sent as the log grows; a frame
 * with body size 0 is a heartbeat, sent when nothing was sent for {@code haSendHeartbeatInterval}:
 *
 * <pre>
 * offset  size  field
 *      0     8  physical offset of the body's first byte in the master's commit log
 *      8     4  body size N (0 = heartbeat)
 *     12     N  the log's bytes from that offset, as stored (never across a segment end)
 * </pre>
 */
final class TransferFrame {
    static final int REPORT_BYTES = 8;
    static final int HEADER_BYTES = 12;
    /** A controller-mode slave's hello: 8 bytes that cannot be an offset, then its broker id. */
    static final long HELLO = 0xF5C1_FF00_4845_4C4CL;
    /**
     * Largest body a slave accepts (the official slave's read buffer is 4 MiB); a frame announcing
     * more closes the connection before anything is allocated for it.
     */
    static final int BODY_MAX_BYTES = 4 << 20;

    private TransferFrame() {}

    /** Writes a header at {@code dst[0..12)}. */
    static void writeHeader(byte[] dst, long offset, int bodyBytes) {
        ByteBuffer.wrap(dst, 0, HEADER_BYTES).putLong(offset).putInt(bodyBytes);
    }

    static long headerOffset(byte[] src) {
        return ByteBuffer.wrap(src).getLong(0);
    }

    static int headerBodyBytes(byte[] src) {
        return ByteBuffer.wrap(src).getInt(8);
    }

    static byte[] report(long offset) {
        byte[] b = new byte[REPORT_BYTES];
        ByteBuffer.wrap(b).putLong(offset);
        return b;
    }
}
