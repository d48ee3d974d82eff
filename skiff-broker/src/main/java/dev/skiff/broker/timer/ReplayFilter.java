package dev.skiff.broker.timer;

import dev.skiff.store.SelectedRecord;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which parked messages the enqueue stage skips when it reads the timer topic again over ground
 * an earlier run covered: the timer log was lost or is behind its checkpoint, or the checkpoint
 * came from the master (a promoted slave).
 *
 * <ul>
 *   <li><b>Fired earlier</b>: below the start checkpoint's enqueue offset and due in a slot that
 *       the checkpoint shows as fired ({@link TimerCheckpoints#firedBeforeStart}).
 *   <li><b>Delivered before a takeover</b>: when the start checkpoint reaches past the log (a
 *       <i>takeover</i>), a timer due before this start whose delivered copy is already in its real
 *       topic ({@link DeliveredCopies}, asked only then and in this order, as each look-up counts
 *       against its bound).
 * </ul>
 *
 * <p>{@link #restartFrom} moves the start point once, before the first pass, when the timer takes
 * a copied checkpoint as its start. The timer thread's (set up before it starts).
 */
final class ReplayFilter {
    private static final Logger log = LoggerFactory.getLogger(ReplayFilter.class);

    private final TimerCheckpoints checkpoints;
    private final Predicate<SelectedRecord> deliveredCopy;
    /** Queue offsets below this were handled before the timer log was lost or fell behind. */
    private long rebuildBelow;

    private long startedAtMs;
    /** Started from a checkpoint the timer log does not reach: look for copies already delivered. */
    private boolean takeover;

    /**
     * @param deliveredCopy whether a parked message's delivered copy is in its real topic
     * @param startedAtMs when the timer started: only timers due before it are looked up
     * @param enqueueFrom the offset enqueuing resumes at (after the newest logged entry)
     */
    ReplayFilter(
            TimerCheckpoints checkpoints, Predicate<SelectedRecord> deliveredCopy, long startedAtMs, long enqueueFrom) {
        this.checkpoints = checkpoints;
        this.deliveredCopy = deliveredCopy;
        TimerCheckpoint ck = checkpoints.atStart();
        this.rebuildBelow = ck != null ? ck.enqueueOffset() : 0;
        this.startedAtMs = startedAtMs;
        if (rebuildBelow > enqueueFrom) {
            takeover = true;
            log.warn(
                    "the timer log ends at timer-topic offset {} but the checkpoint says {}: rebuilding from the queue",
                    enqueueFrom,
                    rebuildBelow);
        }
    }

    /** Starts over from a copied checkpoint taken as the start one (see the class comment). */
    void restartFrom(TimerCheckpoint copied, long nowMs, long enqueueOffset) {
        rebuildBelow = copied.enqueueOffset();
        startedAtMs = nowMs;
        takeover = rebuildBelow > enqueueOffset;
    }

    /** Whether the parked message is to be skipped: it fired earlier, or was delivered before a takeover. */
    boolean skip(SelectedRecord record) {
        return firedEarlier(record) || deliveredBeforeTakeover(record);
    }

    private boolean firedEarlier(SelectedRecord record) {
        return record.queueOffset() < rebuildBelow && checkpoints.firedBeforeStart(record.tagsCode());
    }

    private boolean deliveredBeforeTakeover(SelectedRecord record) {
        return takeover && record.tagsCode() < startedAtMs && deliveredCopy.test(record);
    }

    /** Whether the timer started from a checkpoint its log does not reach. */
    boolean takeover() {
        return takeover;
    }
}
