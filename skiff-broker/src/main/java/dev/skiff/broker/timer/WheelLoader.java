package dev.skiff.broker.timer;

/**
 * Loads slots from the {@link TimerLog} into the {@link TimingWheel}: ahead, the slots of the
 * window as long as the wheel holds at most {@code entriesMax} timers (later timers wait on disk
 * until memory is free), and on demand the slot due now whatever its size ({@link SlotFiring}).
 * A slot is read by walking its chain in the {@link SlotIndex} cell newest first, taking only the
 * undelivered entries of that slot, and then put back in the order its timers were taken in.
 *
 * <p>The timer thread's.
 */
final class WheelLoader {
    /** Most entries loaded ahead in one pass. */
    static final int LOAD_ENTRIES_PER_PASS_MAX = 100_000;

    private final TimingWheel wheel;
    private final SlotIndex index;
    private final TimerLog timerLog;
    private final TimerSettings settings;
    private final TimerLog.Entry entry = new TimerLog.Entry();

    WheelLoader(TimingWheel wheel, SlotIndex index, TimerLog timerLog, TimerSettings settings) {
        this.wheel = wheel;
        this.index = index;
        this.timerLog = timerLog;
        this.settings = settings;
    }

    /** Loads the next slots of the window while memory allows; returns how much it loaded when there is more. */
    int loadAhead() {
        int loaded = 0;
        while (wheel.hasRoom() && loaded < LOAD_ENTRIES_PER_PASS_MAX) {
            long slot = wheel.loadedTo();
            if (wheel.size() + index.liveInCell(slot) > settings.entriesMax()) {
                break; // back-pressure: later slots wait on disk until memory is free
            }
            loaded += 1 + load(slot);
        }
        return loaded >= LOAD_ENTRIES_PER_PASS_MAX ? loaded : 0; // more to load: come back at once
    }

    /** Loads the slot at the end of the wheel from its chain in the timer log; returns its size. */
    int load(long slot) {
        TimingWheel.Bucket bucket = wheel.loadNext();
        if (!index.mayHold(slot)) {
            return 0;
        }
        int live = index.liveInCell(slot);
        long firstSlot = wheel.firstSlot();
        long pos = index.head(slot);
        int seen = 0;
        int added = 0;
        while (pos >= 0 && seen < live && timerLog.read(pos, entry)) {
            long entrySlot = settings.slotOf(entry.deliverMs);
            if ((entry.flags & TimerLog.FLAG_DELIVERED) == 0 && entrySlot >= firstSlot) {
                seen++;
                if (entrySlot == slot) {
                    wheel.add(slot, entry.commitLogOffset, entry.size, entry.deliverMs, true);
                    added++;
                }
            }
            pos = entry.prevPos;
        }
        bucket.reverseFrom(0); // the chain runs newest first: fire in the order taken in
        return added;
    }
}
