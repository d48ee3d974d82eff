package dev.skiff.broker.timer;

/**
 * Fires timers at their own time rather than at the start of their slot: in the slot due next
 * (loaded, not yet started), the timers whose time has come are delivered, the slot's bucket
 * re-scanned at most once per step (a tenth of a slot, at least 1 ms). A timer due at 10.3 s goes
 * at about 10.3 s, not at its slot's start, 11 s, and never before its time.
 *
 * <p>The slot is still marked fired only at its start ({@link SlotFiring}), so a crash in between
 * fires these again (at least once). Until a checkpoint records that slot as passed, it is
 * remembered ({@link #firedSlotPassed}) so the checkpoint is written even when nothing else moved.
 * A refusal closes the {@link DeliveryGate}; when more timers are due than one call delivers,
 * the next call may come at once.
 *
 * <p>The timer thread's.
 */
final class OwnTimeFiring {
    private final TimingWheel wheel;
    private final DeliveryGate gate;
    /** Least time between two deliveries in the slot not yet started. */
    private final long stepMs;

    private final int deliverMax;

    private long nextMs;
    /** The slot some of whose timers fired before it started, until a checkpoint records it passed. */
    private long firedSlot = Long.MIN_VALUE;

    /**
     * @param precisionMs the slot width; the step is a tenth of it
     * @param deliverMax most timers delivered in one call
     */
    OwnTimeFiring(TimingWheel wheel, DeliveryGate gate, long precisionMs, int deliverMax) {
        this.wheel = wheel;
        this.gate = gate;
        this.stepMs = Math.max(1, precisionMs / 10);
        this.deliverMax = deliverMax;
    }

    /** Delivers the due timers of {@code slot}, which starts after {@code nowMs}; returns how many. */
    int fire(long slot, long nowMs) {
        if (!wheel.isLoaded(slot) || nowMs < nextMs) {
            return 0;
        }
        TimingWheel.Bucket b = wheel.bucket(slot);
        if (b.earliestPendingMs > nowMs) {
            return 0;
        }
        nextMs = nowMs + stepMs;
        int due = b.dueFirst(nowMs);
        int to = b.next + Math.min(due, deliverMax);
        int done = gate.deliver(b.offsets, b.next, to);
        b.next += done;
        if (done > 0) {
            firedSlot = slot;
        }
        if (b.next < to) {
            gate.refuse(nowMs);
        } else if (due > done) {
            b.earliestPendingMs = nowMs; // more of them than one call delivers: come back at once
            nextMs = nowMs;
        }
        return done;
    }

    /**
     * When the timer should look at {@code slot} (the next to fire, starting at {@code slotStartMs})
     * again: at its start, or earlier when one of its loaded timers falls due before.
     */
    long nextDueMs(long slot, long slotStartMs) {
        if (!wheel.isLoaded(slot)) {
            return slotStartMs;
        }
        return Math.min(slotStartMs, Math.max(wheel.bucket(slot).earliestPendingMs, nextMs));
    }

    /** Whether a slot some of whose timers fired at their own time is behind {@code firstSlot} now. */
    boolean firedSlotPassed(long firstSlot) {
        return firedSlot != Long.MIN_VALUE && firstSlot > firedSlot;
    }

    /** A checkpoint recorded the passed slot: forget it. */
    void passRecorded() {
        firedSlot = Long.MIN_VALUE;
    }
}
