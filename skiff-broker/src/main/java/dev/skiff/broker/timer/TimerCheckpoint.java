package dev.skiff.broker.timer;

import dev.skiff.common.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The timer's progress, {@code timercheck} in the store root, replaced atomically ({@link
 * AtomicFile}) once a second while it changes and at close.
 *
 * <table>
 *   <caption>the file, 32 bytes, big-endian</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic {@code 0x534B5443} ("SKTC")</td></tr>
 *   <tr><td>4</td><td>4</td><td>format version, 1</td></tr>
 *   <tr><td>8</td><td>8</td><td>enqueue offset: timer-topic queue offset below which every parked
 *       message is in the timer log (or was delivered)</td></tr>
 *   <tr><td>16</td><td>8</td><td>dequeue time, epoch ms: the start of the next slot to fire; every
 *       timer of an earlier slot has fired</td></tr>
 *   <tr><td>24</td><td>4</td><td>slot width (timerPrecisionMs) the dequeue time was counted in</td></tr>
 *   <tr><td>28</td><td>4</td><td>CRC32C of bytes 0..27</td></tr>
 * </table>
 *
 * A file that fails its checks is reported as an error rather than read as zero: starting from
 * nothing would fire every past timer again.
 */
record TimerCheckpoint(long enqueueOffset, long dequeueMs, int precisionMs) {
    static final int MAGIC = 0x534B5443;
    static final int VERSION = 1;
    static final int BYTES = 32;

    /** The checkpoint in {@code file}, or null when there is none yet. */
    static TimerCheckpoint read(Path file) throws IOException {
        byte[] content = new AtomicFile(file).read();
        if (content == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(content);
        if (content.length != BYTES || b.getInt(0) != MAGIC || b.getInt(4) != VERSION || b.getInt(28) != crc(content)) {
            throw new IOException("timer checkpoint " + file + " is damaged (" + content.length
                    + " bytes); move it away to rebuild the timers from the timer topic");
        }
        return new TimerCheckpoint(b.getLong(8), b.getLong(16), Math.max(1, b.getInt(24)));
    }

    void write(Path file) throws IOException {
        byte[] content = new byte[BYTES];
        ByteBuffer b = ByteBuffer.wrap(content);
        b.putInt(0, MAGIC).putInt(4, VERSION).putLong(8, enqueueOffset).putLong(16, dequeueMs);
        b.putInt(24, precisionMs);
        b.putInt(28, crc(content));
        new AtomicFile(file).write(content);
    }

    private static int crc(byte[] content) {
        CRC32C c = new CRC32C();
        c.update(content, 0, 28);
        return (int) c.getValue();
    }
}
