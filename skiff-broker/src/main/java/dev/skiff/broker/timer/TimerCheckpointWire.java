package dev.skiff.broker.timer;

import java.nio.ByteBuffer;

/**
 * The body of {@code GET_TIMER_CHECK_POINT} (60), the official layout, so an official slave can
 * read a Skiff master's progress and the other way round:
 *
 * <table>
 *   <caption>the body, 56 bytes, big-endian (older masters send the first 32 only)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th><th>Skiff's value</th></tr>
 *   <tr><td>0</td><td>8</td><td>last read time, epoch ms</td><td>dequeue time: the start of the
 *       next slot to fire</td></tr>
 *   <tr><td>8</td><td>8</td><td>timer log flush position</td><td>0 (each broker has its own
 *       log)</td></tr>
 *   <tr><td>16</td><td>8</td><td>timer-topic queue offset taken in</td><td>enqueue offset</td></tr>
 *   <tr><td>24</td><td>8</td><td>the master's timer-topic queue offset</td><td>enqueue
 *       offset</td></tr>
 *   <tr><td>32</td><td>24</td><td>data version: state version, timestamp, counter</td><td>0, the
 *       dequeue time, the enqueue offset</td></tr>
 * </table>
 */
public final class TimerCheckpointWire {
    static final int BYTES = 56;
    static final int BYTES_MIN = 32;

    /** What a slave takes from its master's checkpoint. */
    record Progress(long enqueueOffset, long dequeueMs) {}

    private TimerCheckpointWire() {}

    static byte[] encode(TimerCheckpoint ck) {
        return ByteBuffer.allocate(BYTES)
                .putLong(ck.dequeueMs())
                .putLong(0)
                .putLong(ck.enqueueOffset())
                .putLong(ck.enqueueOffset())
                .putLong(0)
                .putLong(ck.dequeueMs())
                .putLong(ck.enqueueOffset())
                .array();
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static Progress decode(byte[] body) {
        if (body == null || body.length < BYTES_MIN) {
            throw new IllegalArgumentException("a timer checkpoint body needs at least " + BYTES_MIN + " bytes, got "
                    + (body == null ? "none" : body.length));
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        long dequeueMs = b.getLong(0);
        long masterOffset = b.getLong(24);
        if (dequeueMs < 0 || masterOffset < 0) {
            throw new IllegalArgumentException(
                    "a timer checkpoint with a negative time or offset: " + dequeueMs + ", " + masterOffset);
        }
        return new Progress(masterOffset, dequeueMs);
    }
}
