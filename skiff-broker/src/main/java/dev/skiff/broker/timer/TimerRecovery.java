package dev.skiff.broker.timer;

import dev.skiff.common.SkiffClock;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * What a timer's open rebuilds from its {@link TimerLog}: every live entry (not marked delivered,
 * and not shown as fired by the start checkpoint, see {@link TimerCheckpoints#firedBeforeStart})
 * linked into the {@link SlotIndex}; a {@link TimingWheel} placed at the checkpoint's dequeue slot
 * ({@link TimerCheckpoints#firstSlot}) or at the earliest live slot, whichever is earlier, so no
 * unfired timer is behind it; and the timer-topic offset enqueuing resumes at: after the newest
 * logged entry, and not below the queue's first offset.
 *
 * <p>Runs on the opening thread, before the timer thread exists.
 *
 * @param wheel the wheel, nothing loaded yet
 * @param enqueueFrom the timer-topic queue offset enqueuing resumes at
 */
record TimerRecovery(TimingWheel wheel, long enqueueFrom) {

    /**
     * @param clock read once the log is read: the wheel starts at that time when there is no checkpoint
     * @param queueMinOffset the timer topic's first queue offset, asked once the log is read
     */
    static TimerRecovery recover(
            TimerSettings settings,
            TimerLog timerLog,
            SlotIndex index,
            TimerCheckpoints checkpoints,
            SkiffClock clock,
            LongSupplier queueMinOffset)
            throws IOException {
        long[] newest = {-1};
        long[] minLiveSlot = {Long.MAX_VALUE};
        timerLog.recover((pos, e) -> {
            newest[0] = Math.max(newest[0], e.queueOffset);
            if ((e.flags & TimerLog.FLAG_DELIVERED) == 0 && !checkpoints.firedBeforeStart(e.deliverMs)) {
                long slot = settings.slotOf(e.deliverMs);
                index.linked(slot, pos);
                minLiveSlot[0] = Math.min(minLiveSlot[0], slot);
            }
        });
        long firstSlot = checkpoints.firstSlot(clock.nowMs());
        TimingWheel wheel = new TimingWheel(settings.windowSlots() + 1, Math.min(firstSlot, minLiveSlot[0]));
        return new TimerRecovery(wheel, Math.max(newest[0] + 1, queueMinOffset.getAsLong()));
    }
}
