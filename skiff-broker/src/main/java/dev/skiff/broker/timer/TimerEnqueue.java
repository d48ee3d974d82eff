package dev.skiff.broker.timer;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes newly parked messages into the timer: reads the timer topic's consume queue from the
 * enqueue offset (the tag code of each entry is its delivery time, see {@link TimerTagsCode}) in
 * batches of at most {@link #READ_COUNT_MAX} entries and {@link #READ_BYTES_MAX} bytes, at most
 * {@link #ENQUEUE_PER_PASS_MAX} entries a pass. Per batch: the messages the {@link ReplayFilter}
 * skips are left out; those whose slot is already behind the wheel are delivered at once (if the
 * store refuses, nothing of the batch is taken and it is read again later) and logged as
 * delivered; the others get an entry in the {@link TimerLog} linked into their slot of the {@link
 * SlotIndex}, and go into the {@link TimingWheel} too when their slot is in memory (unless the
 * wheel is full: then it forgets the slots from there on, which load again later).
 *
 * <p>The timer thread's; {@link #enqueued} may be read by any thread.
 */
final class TimerEnqueue {
    static final int ENQUEUE_PER_PASS_MAX = 4_096;
    static final int READ_COUNT_MAX = 256;
    static final int READ_BYTES_MAX = 4 << 20;

    private final MessageStore store;
    private final TimerLog timerLog;
    private final SlotIndex index;
    private final TimingWheel wheel;
    private final DeliveryGate gate;
    private final ReplayFilter replay;
    private final TimerSettings settings;
    private final SkiffClock clock;
    private final TimerLog.Entry entry = new TimerLog.Entry();
    private final long[] overdue = new long[READ_COUNT_MAX];
    private final boolean[] skip = new boolean[READ_COUNT_MAX];
    private final AtomicLong enqueued = new AtomicLong();
    private long enqueueOffset;

    TimerEnqueue(
            MessageStore store,
            TimerLog timerLog,
            SlotIndex index,
            TimingWheel wheel,
            DeliveryGate gate,
            ReplayFilter replay,
            TimerSettings settings,
            SkiffClock clock,
            long enqueueFrom) {
        this.store = store;
        this.timerLog = timerLog;
        this.index = index;
        this.wheel = wheel;
        this.gate = gate;
        this.replay = replay;
        this.settings = settings;
        this.clock = clock;
        this.enqueueOffset = enqueueFrom;
    }

    /** Timer-topic queue offset below which every parked message is taken in (or delivered). */
    long offset() {
        return enqueueOffset;
    }

    /** Parked messages taken in since start. Any thread. */
    long enqueued() {
        return enqueued.get();
    }

    /** Takes in what was parked since the last pass, bounded; returns how many entries it read. */
    int enqueue() {
        int done = 0;
        while (done < ENQUEUE_PER_PASS_MAX) {
            int n = enqueueBatch();
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Reads one batch of the timer topic's queue; returns how many entries it took, -1 to stop. */
    private int enqueueBatch() {
        try (GetResult r = store.getMessages(
                SystemTopics.TIMER_TOPIC, 0, enqueueOffset, READ_COUNT_MAX, READ_BYTES_MAX, MessageFilter.ALL)) {
            switch (r.status()) {
                case FOUND -> {
                    return enqueueRecords(r);
                }
                case OFFSET_TOO_SMALL -> {
                    enqueueOffset = r.minOffset();
                    return 1;
                }
                case OFFSET_OVERFLOW_BADLY -> {
                    if (r.maxOffset() >= enqueueOffset) {
                        return -1;
                    }
                    enqueueOffset = r.maxOffset(); // the queue is shorter than we knew: nothing to skip
                    return 1;
                }
                case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> {
                    if (r.nextBeginOffset() <= enqueueOffset) {
                        return -1;
                    }
                    enqueueOffset = r.nextBeginOffset();
                    return 1;
                }
                default -> {
                    return -1;
                }
            }
        }
    }

    /**
     * Takes one batch: first delivers the timers already due (if the store refuses, nothing of the
     * batch is taken and it is read again later), then logs and links the others.
     */
    private int enqueueRecords(GetResult r) {
        int overdueCount = 0;
        long firstSlot = wheel.firstSlot();
        List<SelectedRecord> records = r.records();
        for (int i = 0; i < records.size(); i++) {
            SelectedRecord record = records.get(i);
            skip[i] = replay.skip(record);
            if (settings.slotOf(record.tagsCode()) < firstSlot && !skip[i]) {
                overdue[overdueCount++] = record.physicalOffset();
            }
        }
        if (overdueCount > 0) {
            int done = gate.deliver(overdue, 0, overdueCount);
            if (done < overdueCount) {
                gate.refuse(clock.nowMs());
                return -1; // what was delivered of the batch may go again
            }
        }
        for (int i = 0; i < records.size(); i++) {
            SelectedRecord record = records.get(i);
            long slot = settings.slotOf(record.tagsCode());
            if (skip[i]) {
                continue;
            }
            if (slot >= firstSlot) {
                link(slot, record);
            } else {
                entry.set(record.tagsCode(), record.physicalOffset(), record.queueOffset(), record.size(), 0);
                entry.flags = TimerLog.FLAG_DELIVERED;
                timerLog.append(entry);
            }
        }
        int taken = r.records().size();
        enqueueOffset = r.records().get(taken - 1).queueOffset() + 1;
        enqueued.addAndGet(taken);
        return taken;
    }

    private void link(long slot, SelectedRecord record) {
        entry.set(record.tagsCode(), record.physicalOffset(), record.queueOffset(), record.size(), 0);
        entry.prevPos = index.head(slot);
        long pos = timerLog.append(entry);
        index.linked(slot, pos);
        if (wheel.isLoaded(slot)) {
            if (wheel.size() >= settings.entriesMax() && slot > wheel.firstSlot()) {
                wheel.unloadFrom(slot);
            } else {
                wheel.add(slot, record.physicalOffset(), record.size(), record.tagsCode(), true);
            }
        }
    }
}
