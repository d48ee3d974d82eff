package dev.skiff.remoting.codec;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.log.RateLimitedLog;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits every {@link FrameDecoder} of one server shares, and their counters.
 *
 * <ul>
 *   <li><b>Frame size</b>: a frame longer than {@code frameMaxBytes} (length field included)
 *       closes its connection.
 *   <li><b>Partial-frame budget</b>: bytes held by connections in frames that have not fully
 *       arrived, summed over the server. A connection whose frame is incomplete after a read
 *       reserves the frame's whole declared size (what its buffer grows to) until the frame
 *       completes or the connection closes. A reservation that would take the sum past {@code
 *       partialFramesMaxBytes} is refused and that connection closed; the others go on. So the
 *       memory all partial frames can take is bounded by the budget plus one socket read per
 *       connection, however many connections there are.
 *   <li><b>Frame deadline</b>: a frame must complete within {@code frameDeadlineMs} of the read
 *       that brought its first byte, or its connection is closed (0 = no deadline). This ends
 *       connections that trickle a frame to hold a reservation.
 * </ul>
 *
 * Each closing is counted and logged as one rate-limited line, without a stack trace. Safe to
 * share between I/O threads: the budget is one atomic counter touched once when a frame turns out
 * to be partial and once when it completes.
 */
public final class FrameLimits {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);
    private static final long LOG_INTERVAL_MS = 10_000;

    private final int frameMaxBytes;
    private final long partialFramesMaxBytes;
    private final long frameDeadlineMs;
    private final SkiffClock clock;
    private final AtomicLong partialFrameBytes = new AtomicLong();
    private final LongAdder malformedFrames;
    private final LongAdder partialFramesRefused = new LongAdder();
    private final LongAdder framesExpired = new LongAdder();
    private final RateLimitedLog malformedLog;
    private final RateLimitedLog refusedLog;
    private final RateLimitedLog expiredLog;

    /**
     * @param frameMaxBytes largest frame accepted, including its 4-byte length field
     * @param partialFramesMaxBytes bytes all partial frames together may reserve; at least {@code
     *     frameMaxBytes}, so that one frame of the largest size can always arrive
     * @param frameDeadlineMs time a frame may take to arrive after its first byte; 0 = unlimited
     * @param clock time source of the deadline
     * @param malformedFrames incremented once per connection closed for a bad frame
     */
    public FrameLimits(
            int frameMaxBytes,
            long partialFramesMaxBytes,
            long frameDeadlineMs,
            SkiffClock clock,
            LongAdder malformedFrames) {
        if (frameMaxBytes < 12) {
            throw new IllegalArgumentException("frameMaxBytes too small: " + frameMaxBytes);
        }
        if (partialFramesMaxBytes < frameMaxBytes) {
            throw new IllegalArgumentException(
                    "partialFramesMaxBytes " + partialFramesMaxBytes + " is below frameMaxBytes " + frameMaxBytes);
        }
        if (frameDeadlineMs < 0) {
            throw new IllegalArgumentException("frameDeadlineMs must not be negative: " + frameDeadlineMs);
        }
        this.frameMaxBytes = frameMaxBytes;
        this.partialFramesMaxBytes = partialFramesMaxBytes;
        this.frameDeadlineMs = frameDeadlineMs;
        this.clock = clock;
        this.malformedFrames = malformedFrames != null ? malformedFrames : new LongAdder();
        this.malformedLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
        this.refusedLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
        this.expiredLog = new RateLimitedLog(LOG, clock, LOG_INTERVAL_MS);
    }

    /** Only the frame size: no budget, no deadline (a client reading its own server's answers). */
    public static FrameLimits sizeOnly(int frameMaxBytes, LongAdder malformedFrames) {
        return new FrameLimits(frameMaxBytes, Long.MAX_VALUE, 0, SkiffClock.system(), malformedFrames);
    }

    int frameMaxBytes() {
        return frameMaxBytes;
    }

    long frameDeadlineMs() {
        return frameDeadlineMs;
    }

    SkiffClock clock() {
        return clock;
    }

    /** Takes {@code bytes} from the budget; false (nothing taken) when they do not fit. */
    boolean tryReserve(long bytes) {
        long held = partialFrameBytes.get();
        while (true) {
            if (bytes > partialFramesMaxBytes - held) {
                return false;
            }
            long seen = partialFrameBytes.compareAndExchange(held, held + bytes);
            if (seen == held) {
                return true;
            }
            held = seen;
        }
    }

    void release(long bytes) {
        partialFrameBytes.addAndGet(-bytes);
    }

    void onMalformed(Object peer, String reason) {
        malformedFrames.increment();
        malformedLog.warn("closing connection {}: malformed frame: {}", peer, reason);
    }

    void onRefused(Object peer, long frameBytes) {
        partialFramesRefused.increment();
        refusedLog.warn(
                "closing connection {}: partial frames already hold the server's budget; refused a frame of {} bytes",
                peer,
                frameBytes);
    }

    void onExpired(Object peer, long waitedMs) {
        framesExpired.increment();
        expiredLog.warn("closing connection {}: a frame still incomplete {} ms after its first byte", peer, waitedMs);
    }

    /** The budget of all partial frames together, in bytes. */
    public long partialFramesMaxBytes() {
        return partialFramesMaxBytes;
    }

    /** Bytes reserved by partial frames right now. */
    public long partialFrameBytes() {
        return partialFrameBytes.get();
    }

    /** Connections closed because their partial frame did not fit in the budget. */
    public long partialFramesRefused() {
        return partialFramesRefused.sum();
    }

    /** Connections closed because a frame did not complete within the deadline. */
    public long framesExpired() {
        return framesExpired.sum();
    }
}
