package dev.skiff.broker.timer;

/**
 * Fires every slot whose time has come ({@code now >= slot * precisionMs}; a timer's slot is its
 * delivery time rounded up, so nothing fires early): loads it if it is not in memory yet, delivers
 * its timers through the {@link DeliveryGate}, marks it fired in the {@link SlotIndex} and moves
 * the {@link TimingWheel} on. At the first slot not yet started it hands over to {@link
 * OwnTimeFiring}. Bounded per pass: at most {@link #SLOTS_PER_PASS_MAX} slots and {@link
 * #DELIVER_PER_PASS_MAX} timers; a refusal stops the pass with the slot half done (the rest goes
 * later, nothing is marked fired that was not delivered).
 *
 * <p>The timer thread's.
 */
final class SlotFiring {
    /** Most timers delivered in one pass (also the own-time firing's bound). */
    static final int DELIVER_PER_PASS_MAX = 8_192;
    /** Most slots passed in one pass. */
    static final int SLOTS_PER_PASS_MAX = 100_000;

    private final TimingWheel wheel;
    private final SlotIndex index;
    private final WheelLoader loader;
    private final DeliveryGate gate;
    private final OwnTimeFiring ownTime;
    private final long precisionMs;

    SlotFiring(
            TimingWheel wheel,
            SlotIndex index,
            WheelLoader loader,
            DeliveryGate gate,
            OwnTimeFiring ownTime,
            long precisionMs) {
        this.wheel = wheel;
        this.index = index;
        this.loader = loader;
        this.gate = gate;
        this.ownTime = ownTime;
        this.precisionMs = precisionMs;
    }

    /** Fires what is due at {@code nowMs}; returns how much work it did (0 when nothing was due). */
    int fireDue(long nowMs) {
        int deliveredThisPass = 0;
        int slots = 0;
        while (slots < SLOTS_PER_PASS_MAX && deliveredThisPass < DELIVER_PER_PASS_MAX) {
            long slot = wheel.firstSlot();
            if (slot * precisionMs > nowMs) {
                return deliveredThisPass + (slots > 1 ? slots : 0) + ownTime.fire(slot, nowMs);
            }
            if (!wheel.isLoaded(slot)) {
                loader.load(slot);
            }
            TimingWheel.Bucket b = wheel.bucket(slot);
            if (b.next < b.n) {
                // one call: the copies go in pipelined groups, waited for once (TimerDelivery)
                int to = Math.min(b.n, b.next + (DELIVER_PER_PASS_MAX - deliveredThisPass));
                int done = gate.deliver(b.offsets, b.next, to);
                b.next += done;
                deliveredThisPass += done;
                if (b.next < to) {
                    gate.refuse(nowMs);
                    return deliveredThisPass + slots;
                }
            }
            if (b.next < b.n) {
                break;
            }
            index.fired(slot, b.fromLog);
            wheel.advance();
            slots++;
        }
        return deliveredThisPass + (slots > 1 ? slots : 0);
    }

    /** When the next slot (or one of its timers, at its own time) falls due. */
    long nextDueMs() {
        long slot = wheel.firstSlot();
        return ownTime.nextDueMs(slot, slot * precisionMs);
    }
}
