package dev.skiff.broker.timer;

import dev.skiff.common.RandomSource;
import java.util.function.LongToIntFunction;

/**
 * Refuses timer messages for a slot that already holds too many, so one hot second cannot make
 * the wheel load an unbounded slot into memory when it comes due. With {@code limit} = the
 * config key {@code timerCongestNumEachSlot} and {@code n} the timers already waiting in the
 * slot (as the {@link SlotIndex} counts them):
 *
 * <ul>
 *   <li>{@code n < limit}: accepted;
 *   <li>{@code n >= 2 * limit}: refused;
 *   <li>in between: refused with probability {@code (n - limit) / limit}, so refusals grow
 *       smoothly from none to all while the slot fills up.
 * </ul>
 *
 * A refusal is answered SYSTEM_ERROR (1), which the official producer retries (on another broker
 * when there is one), as the official broker answers its flow control of a slot. Timers parked in
 * the timer topic but not yet taken into the timer log are not counted: the count lags the sends
 * by the timer's enqueue delay (well under a second at 100,000 messages a second), so a burst may
 * overshoot the limit by what arrives within that delay. Thread-safe.
 */
public final class SlotFlowControl {
    /** No limit: the official broker's default. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final int limit;
    private final long precisionMs;
    private final LongToIntFunction waitingInSlot;
    private final RandomSource random;

    /**
     * @param precisionMs the slot width (timerPrecisionMs)
     * @param waitingInSlot for a delivery time, how many timers wait in its slot
     * @param random draws the refusals between the limit and twice it (seeded in tests)
     */
    public SlotFlowControl(int limit, long precisionMs, LongToIntFunction waitingInSlot, RandomSource random) {
        if (limit < 1 || precisionMs < 1) {
            throw new IllegalArgumentException(
                    "the per-slot timer limit and the slot width must be positive: " + limit + ", " + precisionMs);
        }
        this.limit = limit;
        this.precisionMs = precisionMs;
        this.waitingInSlot = waitingInSlot;
        this.random = random;
    }

    /** No limit at all. */
    public static SlotFlowControl none() {
        return new SlotFlowControl(UNLIMITED, 1_000, ms -> 0, RandomSource.THREAD_LOCAL);
    }

    public int limit() {
        return limit;
    }

    /** The slot a delivery time belongs to: rounded up, as the timer fires it. */
    long slotOf(long deliverMs) {
        return Math.floorDiv(deliverMs, precisionMs) + (Math.floorMod(deliverMs, precisionMs) == 0 ? 0 : 1);
    }

    /**
     * Whether one more timer due at {@code deliverMs} is refused, when {@code alsoAdmitted} more of
     * the same slot were admitted already in the same request (a batch).
     */
    public boolean refuses(long deliverMs, int alsoAdmitted) {
        if (limit == UNLIMITED) {
            return false;
        }
        long n = (long) waitingInSlot.applyAsInt(deliverMs) + alsoAdmitted;
        if (n < limit) {
            return false;
        }
        if (n >= 2L * limit) {
            return true;
        }
        return random.nextInt(limit) < n - limit;
    }

    /** The remark of a refusal. */
    String remark(long deliverMs) {
        return "timer message under flow control: the slot of " + deliverMs + " already holds "
                + waitingInSlot.applyAsInt(deliverMs) + " timers (timerCongestNumEachSlot=" + limit
                + "; refused at random above it, always from twice it)";
    }
}
