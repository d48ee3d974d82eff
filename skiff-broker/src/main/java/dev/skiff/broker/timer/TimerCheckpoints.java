package dev.skiff.broker.timer;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer's checkpoints ({@link TimerCheckpoint}, the {@code timercheck} file): the one it
 * started from, its own, written at most once per {@link #CHECKPOINT_INTERVAL_MS}, and a slave's
 * copy of its master's.
 *
 * <ul>
 *   <li><b>Own writing</b> ({@link #write}): forces the timer log first, so the file never claims
 *       more than the log holds; writes only when the enqueue offset or the dequeued count moved
 *       since the last write, or the caller has another reason (a slot some of whose timers fired at
 *       their own time has passed); after a write, deletes the log segments whose timers all fired.
 *       An I/O error is logged and the next pass tries again.
 *   <li><b>The master's copy</b> ({@link #adoptMaster}): on a slave whose timer never ran, the
 *       master's progress (the official {@code GET_TIMER_CHECK_POINT} body) becomes this broker's
 *       checkpoint, counted in this broker's slot width. A timer that ran keeps its own.
 *   <li><b>The start point</b>: the checkpoint at start, replaced once by a copy taken after the
 *       open ({@link #takeCopiedAsStart}, a slave promoted while it runs); which timers it shows as
 *       fired ({@link #firedBeforeStart}) and the slot the wheel starts at ({@link
 *       #firstSlot}). <b>Precision check:</b> both count in the checkpoint's own slot width, so a
 *       broker restarted with another {@code timerPrecisionMs} neither skips an unfired timer nor
 *       leaves one behind the wheel.
 * </ul>
 *
 * <p>Threads: the timer thread writes and takes the copy; {@code TimerService}'s monitor holders
 * write at stop and close (after the thread ended) and adopt the master's copy (only before the
 * first pass). {@link #lastWritten} and {@link #copyState} are volatile: any thread reads them.
 */
final class TimerCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(TimerCheckpoints.class);

    /** Least time between two checkpoints of a running timer. */
    static final long CHECKPOINT_INTERVAL_MS = 1_000;

    private final Path file;
    private final long precisionMs;
    private final TimerLog timerLog;

    private TimerCheckpoint atStart;
    private long lastCheckpointMs;
    private long writtenEnqueue = -1;
    private long writtenDequeued = -1;

    /** The progress a restart would start from (the last written checkpoint), for a slave to copy. */
    private volatile TimerCheckpoint lastWritten;
    /** On a slave, what the last copy of the master's checkpoint did ({@link TimerCheckpointCopy}). */
    private volatile String copyState = "none";

    /**
     * @param atStart the checkpoint in {@code file} when the timer opened, null when none
     */
    TimerCheckpoints(Path file, long precisionMs, TimerLog timerLog, TimerCheckpoint atStart) {
        this.file = file;
        this.precisionMs = precisionMs;
        this.timerLog = timerLog;
        this.atStart = atStart;
        this.lastWritten = atStart;
    }

    // ---- the start point ----------------------------------------------------------------------

    /** The checkpoint the timer starts from, null when none. */
    TimerCheckpoint atStart() {
        return atStart;
    }

    /**
     * The slot the wheel starts at: the start checkpoint's dequeue time in this slot width; when
     * the width changed, one old slot earlier, so no unfired timer is behind the wheel. Without a
     * checkpoint, the slot of {@code nowMs}.
     */
    long firstSlot(long nowMs) {
        TimerCheckpoint ck = atStart;
        if (ck == null) {
            return Math.floorDiv(nowMs, precisionMs);
        }
        if (ck.precisionMs() == precisionMs) {
            return Math.floorDiv(ck.dequeueMs(), precisionMs);
        }
        return Math.floorDiv(ck.dequeueMs() - ck.precisionMs(), precisionMs);
    }

    /** Whether the start checkpoint shows the timer due at {@code deliverMs} as fired. */
    boolean firedBeforeStart(long deliverMs) {
        return firedBefore(atStart, deliverMs);
    }

    /**
     * Whether the checkpoint shows the timer due at {@code deliverMs} as fired: its slot, in the
     * slot width of the checkpoint, started before the checkpoint's dequeue time. Without a
     * checkpoint nothing is known to have fired.
     */
    static boolean firedBefore(TimerCheckpoint ck, long deliverMs) {
        if (ck == null) {
            return false;
        }
        long p = ck.precisionMs();
        return TimerSettings.slotOf(deliverMs, p) * p < ck.dequeueMs();
    }

    /**
     * Before the first pass: when a copy of the master's checkpoint was written since the open,
     * makes it the start checkpoint (as a restart on this data would) and returns it; else null.
     */
    TimerCheckpoint takeCopiedAsStart() {
        TimerCheckpoint copied = lastWritten;
        if (copied == null || copied.equals(atStart)) {
            return null;
        }
        log.info(
                "timer: first start since the master's checkpoint was copied (offset {}, time {}): starting from it",
                copied.enqueueOffset(),
                copied.dequeueMs());
        atStart = copied;
        return copied;
    }

    // ---- own writing --------------------------------------------------------------------------

    /** Whether a running timer's next checkpoint is due at {@code nowMs}. */
    boolean due(long nowMs) {
        return nowMs - lastCheckpointMs >= CHECKPOINT_INTERVAL_MS;
    }

    /** Makes the next {@link #write} write even when nothing moved (stop and close). */
    void forgetWritten() {
        writtenEnqueue = -1;
    }

    /**
     * Writes the timer's progress when it moved since the last write or {@code otherReason}; see
     * the class comment. Returns whether the file was written.
     *
     * @param enqueueOffset timer-topic offset below which every parked message is taken in
     * @param dequeued timers delivered since start (only compared with the last write)
     * @param firstSlot the next slot to fire
     */
    boolean write(long nowMs, long enqueueOffset, long dequeued, long firstSlot, boolean otherReason) {
        lastCheckpointMs = nowMs;
        if (enqueueOffset == writtenEnqueue && dequeued == writtenDequeued && !otherReason) {
            return false;
        }
        boolean written = false;
        try {
            timerLog.force();
            TimerCheckpoint ck = new TimerCheckpoint(enqueueOffset, firstSlot * precisionMs, (int) precisionMs);
            ck.write(file);
            lastWritten = ck;
            writtenEnqueue = enqueueOffset;
            writtenDequeued = dequeued;
            written = true;
            timerLog.deleteFiredSegments((firstSlot - 1) * precisionMs + 1);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot write the timer checkpoint", e);
        }
        return written;
    }

    // ---- the master's copy --------------------------------------------------------------------

    /**
     * Takes the master's progress as this broker's checkpoint (see the class comment); returns
     * whether the file changed.
     *
     * @param body the master's answer to {@code GET_TIMER_CHECK_POINT} ({@link TimerCheckpointWire})
     * @param ran whether this broker's timer ran a pass
     * @throws IllegalArgumentException for a body that is not a timer checkpoint
     * @throws IllegalStateException when the timer ran: its own progress is the truth
     */
    boolean adoptMaster(byte[] body, boolean ran) throws IOException {
        TimerCheckpointWire.Progress p = TimerCheckpointWire.decode(body);
        if (ran) {
            throw new IllegalStateException("a running timer keeps its own checkpoint");
        }
        TimerCheckpoint ck = new TimerCheckpoint(p.enqueueOffset(), p.dequeueMs(), (int) precisionMs);
        if (ck.equals(lastWritten)) {
            return false;
        }
        ck.write(file);
        lastWritten = ck;
        return true;
    }

    /** The last checkpoint written or adopted (what a restart would start from), null when none. Any thread. */
    TimerCheckpoint lastWritten() {
        return lastWritten;
    }

    /** Records what the last copy of the master's checkpoint did. Any thread. */
    void copyState(String state) {
        this.copyState = state;
    }

    /** What the last copy of the master's checkpoint did: {@code none}, {@code copied from ...}, {@code REFUSED: ...}. */
    String copyState() {
        return copyState;
    }
}
