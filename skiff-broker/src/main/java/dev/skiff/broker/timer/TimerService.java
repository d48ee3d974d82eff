package dev.skiff.broker.timer;

import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer: one thread ({@code broker-timer}) that, in each pass,
 *
 * <ol>
 *   <li><b>enqueues</b> new parked messages: reads the timer topic's consume queue from the
 *       enqueue offset (the tag code of each entry is its delivery time, see {@link
 *       TimerTagsCode}), appends an entry per message to the {@link TimerLog} linked into its slot
 *       of the {@link SlotIndex}, and adds it to the {@link TimingWheel} too when its slot is
 *       already in memory. A message whose slot has passed is delivered at once.
 *   <li><b>fires</b> every slot whose time has come ({@code now >= slot * precisionMs}; a timer's
 *       slot is its delivery time rounded up, so nothing fires early), re-storing its messages
 *       through {@link TimerDelivery}, then moves on. In the slot not yet started, the timers whose
 *       own time has come are delivered already (checked every tenth of a slot), so a timer is late
 *       by about a tenth of a slot rather than up to a whole one.
 *   <li><b>loads ahead</b> the slots of the next {@code timerWheelWindowMs} into memory, as long
 *       as the wheel holds fewer than {@code timerWheelEntriesMax} timers; later timers stay on
 *       disk. The slot due now is loaded whatever its size.
 *   <li><b>checkpoints</b> once a second when anything changed: forces the timer log, then
 *       writes {@link TimerCheckpoint} (enqueue offset, dequeue time).
 * </ol>
 *
 * Every loop in a pass is bounded; the thread sleeps until the next slot is due (at most {@link
 * #IDLE_WAIT_MAX_MS}) and is woken early when a message arrives in the timer topic.
 *
 * <p>Start: the slot index is rebuilt from the timer log (entries due before the checkpoint's
 * dequeue time have fired and are left out); enqueuing resumes after the newest logged entry. When
 * the checkpoint's enqueue offset is further on (the log was lost or is behind), the queue is read
 * again from there: entries below the checkpoint offset whose time is before the dequeue time are
 * known to have fired and are skipped, the rest are logged again. Without a checkpoint (a new
 * broker, or a slave that became master), the whole timer topic is read and every timer already
 * due fires at once. Timers that fell due while the broker was down fire right after start, as
 * the wheel catches up slot by slot. Delivery is at least once: after a crash, what fired since
 * the last checkpoint (at most about a second) fires again. A start from a checkpoint without its
 * timer log (a promoted slave) first looks for each timer due before the start in its real topic
 * ({@link DeliveredCopies}) and does not fire again one whose copy is there.
 */
public final class TimerService implements ArrivalListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerService.class);

    static final long IDLE_WAIT_MAX_MS = 200;
    static final long CHECKPOINT_INTERVAL_MS = 1_000;
    static final long REFUSED_RETRY_MS = 1_000;
    private static final int ENQUEUE_PER_PASS_MAX = 4_096;
    private static final int READ_COUNT_MAX = 256;
    private static final int READ_BYTES_MAX = 4 << 20;
    private static final int DELIVER_PER_PASS_MAX = 8_192;
    private static final int SLOTS_PER_PASS_MAX = 100_000;
    private static final int LOAD_ENTRIES_PER_PASS_MAX = 100_000;

    private final TimerSettings settings;
    private final MessageStore store;
    private final SkiffClock clock;
    private final TimerLog timerLog;
    private final SlotIndex index;
    private TimingWheel wheel;
    private final TimerDelivery delivery;
    private final long precisionMs;
    private final TimerLog.Entry entry = new TimerLog.Entry();
    private final long[] overdue = new long[READ_COUNT_MAX];
    private final boolean[] skip = new boolean[READ_COUNT_MAX];
    /** Least time between two deliveries of timers due inside the slot not yet started: a tenth of it. */
    private final long earlyStepMs;

    private long nextEarlyMs;
    /** The slot some of whose timers fired before it started, until a checkpoint records it passed. */
    private long earlyFiredSlot = Long.MIN_VALUE;

    private final DeliveredCopies deliveredCopies;
    private long startedAtMs;
    /** Started from a checkpoint the timer log does not reach: look for copies already delivered. */
    private boolean takeover;

    private long enqueueOffset;
    /** Queue offsets below this were handled before the timer log was lost or fell behind. */
    private long rebuildBelow;

    private TimerCheckpoint checkpointAtStart;

    private long refusedUntilMs;
    private long lastCheckpointMs;
    private long checkpointedEnqueue = -1;
    private long checkpointedDequeued = -1;

    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong dequeued = new AtomicLong();
    private final TimerFigures figures = new TimerFigures();

    /** The progress a restart would start from (the last written checkpoint), for a slave to copy. */
    private volatile TimerCheckpoint lastWritten;
    /** On a slave, what the last copy of the master's checkpoint did ({@link TimerCheckpointCopy}). */
    private volatile String copyState = "none";
    /** Set by the first pass: only a timer that ran writes its own checkpoint. */
    private volatile boolean ran;

    private final Object signal = new Object();
    private Thread thread; // guarded by this
    private boolean pendingSignal; // guarded by signal
    private volatile boolean running;
    private boolean closed;

    private TimerService(
            TimerSettings settings,
            MessageStore store,
            MessageAppender appender,
            SkiffClock clock,
            TimerLog timerLog,
            TimerCheckpoint checkpoint) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.timerLog = timerLog;
        this.precisionMs = settings.precisionMs();
        this.index = new SlotIndex(settings.slotCells());
        this.delivery = new TimerDelivery(store, appender, clock);
        this.deliveredCopies = new DeliveredCopies(store);
        this.earlyStepMs = Math.max(1, precisionMs / 10);
        this.startedAtMs = clock.nowMs();
        this.checkpointAtStart = checkpoint;
        this.lastWritten = checkpoint;
        this.rebuildBelow = checkpoint != null ? checkpoint.enqueueOffset() : 0;
    }

    /** Opens the timer log and checkpoint under the store root and rebuilds the slot index. */
    public static TimerService open(
            TimerSettings settings, MessageStore store, MessageAppender appender, SkiffClock clock) throws IOException {
        TimerCheckpoint checkpoint = TimerCheckpoint.read(settings.checkpointFile());
        TimerLog timerLog = TimerLog.open(settings.logDir(), settings.segmentBytes());
        try {
            TimerService service = new TimerService(settings, store, appender, clock, timerLog, checkpoint);
            service.recover();
            return service;
        } catch (IOException | RuntimeException e) {
            timerLog.close();
            throw e;
        }
    }

    private void recover() throws IOException {
        TimerCheckpoint ck = checkpointAtStart;
        long[] newest = {-1};
        long[] minLiveSlot = {Long.MAX_VALUE};
        timerLog.recover((pos, e) -> {
            newest[0] = Math.max(newest[0], e.queueOffset);
            if ((e.flags & TimerLog.FLAG_DELIVERED) == 0 && !firedBefore(ck, e.deliverMs)) {
                long slot = slotOf(e.deliverMs);
                index.linked(slot, pos);
                minLiveSlot[0] = Math.min(minLiveSlot[0], slot);
            }
        });
        long firstSlot;
        if (ck == null) {
            firstSlot = Math.floorDiv(clock.nowMs(), precisionMs);
        } else if (ck.precisionMs() == precisionMs) {
            firstSlot = Math.floorDiv(ck.dequeueMs(), precisionMs);
        } else {
            // the slot width changed: start one old slot earlier so no unfired timer is behind the wheel
            firstSlot = Math.floorDiv(ck.dequeueMs() - ck.precisionMs(), precisionMs);
        }
        wheel = new TimingWheel(settings.windowSlots() + 1, Math.min(firstSlot, minLiveSlot[0]));
        long queueMin = store.minOffsetInQueue(SystemTopics.TIMER_TOPIC, 0);
        enqueueOffset = Math.max(newest[0] + 1, queueMin);
        if (rebuildBelow > enqueueOffset) {
            takeover = true;
            log.warn(
                    "the timer log ends at timer-topic offset {} but the checkpoint says {}: rebuilding from the queue",
                    enqueueOffset,
                    rebuildBelow);
        }
        log.info(
                "timer: {} pending timers in the log, enqueue from offset {}, dequeue from {}",
                index.live(),
                enqueueOffset,
                wheel.firstSlot() * precisionMs);
    }

    /**
     * Before the first pass of a timer that was opened as a slave's and copied its master's
     * checkpoint since (a slave promoted while it runs, in controller mode): takes that copy as the
     * start checkpoint, as a restart on the slave's data would, so the parked messages the copy
     * shows as fired are skipped when the timer topic is read again. The wheel stays where the open
     * put it (at or before every timer in the log, so nothing is left behind it); timers already in
     * the log (from before the open) fire as they would have (at least once).
     */
    private void recoverFromCopiedCheckpoint() {
        TimerCheckpoint copied = lastWritten;
        if (copied == null || copied.equals(checkpointAtStart)) {
            return;
        }
        log.info(
                "timer: first start since the master's checkpoint was copied (offset {}, time {}): starting from it",
                copied.enqueueOffset(),
                copied.dequeueMs());
        checkpointAtStart = copied;
        rebuildBelow = copied.enqueueOffset();
        startedAtMs = clock.nowMs();
        takeover = rebuildBelow > enqueueOffset;
    }

    /**
     * Whether the checkpoint shows the timer due at {@code deliverMs} as fired: its slot, in the
     * slot width of the checkpoint, started before the checkpoint's dequeue time. Without a
     * checkpoint nothing is known to have fired.
     */
    private static boolean firedBefore(TimerCheckpoint ck, long deliverMs) {
        if (ck == null) {
            return false;
        }
        long p = ck.precisionMs();
        long slotStartMs = (Math.floorDiv(deliverMs, p) + (Math.floorMod(deliverMs, p) == 0 ? 0 : 1)) * p;
        return slotStartMs < ck.dequeueMs();
    }

    long slotOf(long deliverMs) {
        return Math.floorDiv(deliverMs, precisionMs) + (Math.floorMod(deliverMs, precisionMs) == 0 ? 0 : 1);
    }

    /** Starts firing; again after {@link #stop} (a broker that became master again). */
    public synchronized void start() {
        if (running || closed) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "broker-timer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops firing (a master that became a slave) and writes the checkpoint; {@link #start} again later. */
    public synchronized void stop() {
        if (closed) {
            return;
        }
        stopThread();
        checkpointedEnqueue = -1;
        checkpoint(clock.nowMs());
    }

    private void stopThread() {
        running = false;
        wakeup();
        Thread t = thread;
        if (t != null && t.isAlive()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How many timers wait in the slot of {@code deliverMs} (and, rarely, in other slots sharing
     * its cell): for {@link SlotFlowControl}. Any thread.
     */
    public int waitingInSlot(long deliverMs) {
        return index.liveInCell(slotOf(deliverMs));
    }

    /**
     * The last checkpoint written (what a restart would start from) in the official {@code
     * GET_TIMER_CHECK_POINT} layout ({@link TimerCheckpointWire}), null when none yet: what a slave
     * copies. Any thread.
     */
    public byte[] checkpointForSlave() {
        TimerCheckpoint ck = lastWritten;
        return ck == null ? null : TimerCheckpointWire.encode(ck);
    }

    /**
     * On a slave (a timer never started): takes the master's progress as this broker's checkpoint,
     * so that if it starts as master later it skips the timers the old master fired (see
     * docs/timer.md, failover). The dequeue time is taken in this broker's slot width (master and
     * slave are expected to share {@code timerPrecisionMs}). Returns whether the file changed.
     *
     * @param body the master's answer to {@code GET_TIMER_CHECK_POINT} ({@link TimerCheckpointWire})
     * @throws IllegalArgumentException for a body that is not a timer checkpoint
     * @throws IllegalStateException on a running timer, whose own progress is the truth
     */
    public synchronized boolean adoptMasterCheckpoint(byte[] body) throws IOException {
        TimerCheckpointWire.Progress p = TimerCheckpointWire.decode(body);
        long enqueueOffset = p.enqueueOffset();
        long dequeueMs = p.dequeueMs();
        if (ran) {
            throw new IllegalStateException("a running timer keeps its own checkpoint");
        }
        TimerCheckpoint ck = new TimerCheckpoint(enqueueOffset, dequeueMs, (int) precisionMs);
        if (ck.equals(lastWritten)) {
            return false;
        }
        ck.write(settings.checkpointFile());
        lastWritten = ck;
        return true;
    }

    /** The slot width, {@code timerPrecisionMs}. */
    public int precisionMs() {
        return (int) precisionMs;
    }

    /**
     * Records what the last copy of the master's checkpoint did, shown as {@code
     * timerCheckpointCopy} in the runtime figures: {@code none} (never copied, as on a master),
     * {@code copied from <master>}, or {@code REFUSED: <why>}. Any thread.
     */
    void copyState(String state) {
        this.copyState = state;
    }

    /** What the last copy of the master's checkpoint did (see {@link #copyState(String)}). */
    public String copyState() {
        return copyState;
    }

    /** Wakes the timer thread when a message is parked (called on the dispatcher thread). */
    @Override
    public void onArrival(DispatchedRecord record) {
        if (SystemTopics.TIMER_TOPIC.equals(record.topic())) {
            wakeup();
        }
    }

    private void wakeup() {
        synchronized (signal) {
            pendingSignal = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            long waitMs;
            try {
                waitMs = runOnce() > 0 ? 0 : untilNextSlotMs();
            } catch (RuntimeException e) {
                log.warn("timer pass failed", e);
                waitMs = REFUSED_RETRY_MS;
            }
            if (waitMs > 0 && !awaitSignal(waitMs)) {
                return;
            }
        }
    }

    private boolean awaitSignal(long waitMs) {
        try {
            synchronized (signal) {
                if (!pendingSignal && running) {
                    signal.wait(Math.max(1, Math.min(waitMs, IDLE_WAIT_MAX_MS)));
                }
                pendingSignal = false;
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private long untilNextSlotMs() {
        long slot = wheel.firstSlot();
        long nextMs = slot * precisionMs;
        if (wheel.isLoaded(slot)) {
            nextMs = Math.min(nextMs, Math.max(wheel.bucket(slot).earliestPendingMs, nextEarlyMs));
        }
        long targetMs = Math.max(nextMs, refusedUntilMs);
        return Math.max(1, targetMs - clock.nowMs());
    }

    /** One pass (see the class comment); returns how much work it did, 0 when idle. */
    int runOnce() {
        if (!ran) {
            ran = true;
            recoverFromCopiedCheckpoint();
        }
        long nowMs = clock.nowMs();
        int work = 0;
        if (nowMs >= refusedUntilMs) {
            work += enqueue();
            work += fireDue(nowMs);
        }
        work += loadAhead();
        if (nowMs - lastCheckpointMs >= CHECKPOINT_INTERVAL_MS) {
            checkpoint(nowMs);
        }
        figures.sample(nowMs);
        return work;
    }

    // ---- enqueue ------------------------------------------------------------------------------

    private int enqueue() {
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
            skip[i] = firedEarlier(record) || deliveredBeforeTakeover(record);
            if (slotOf(record.tagsCode()) < firstSlot && !skip[i]) {
                overdue[overdueCount++] = record.physicalOffset();
            }
        }
        if (overdueCount > 0) {
            int done = delivery.deliver(overdue, 0, overdueCount);
            dequeued.addAndGet(done);
            if (done < overdueCount) {
                refusedUntilMs = clock.nowMs() + REFUSED_RETRY_MS;
                return -1; // what was delivered of the batch may go again
            }
        }
        for (int i = 0; i < records.size(); i++) {
            SelectedRecord record = records.get(i);
            long slot = slotOf(record.tagsCode());
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

    /**
     * After a takeover (started from a checkpoint without its timer log), a timer due before this
     * start whose delivered copy is already in its real topic ({@link DeliveredCopies}).
     */
    private boolean deliveredBeforeTakeover(SelectedRecord record) {
        return takeover && record.tagsCode() < startedAtMs && deliveredCopies.delivered(record);
    }

    /** Taken into the timer before the log was lost and fired, as the start checkpoint shows. */
    private boolean firedEarlier(SelectedRecord record) {
        return record.queueOffset() < rebuildBelow && firedBefore(checkpointAtStart, record.tagsCode());
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

    // ---- fire ---------------------------------------------------------------------------------

    private int fireDue(long nowMs) {
        int deliveredThisPass = 0;
        int slots = 0;
        while (slots < SLOTS_PER_PASS_MAX && deliveredThisPass < DELIVER_PER_PASS_MAX) {
            long slot = wheel.firstSlot();
            if (slot * precisionMs > nowMs) {
                return deliveredThisPass + (slots > 1 ? slots : 0) + fireOwnTimes(slot, nowMs);
            }
            if (!wheel.isLoaded(slot)) {
                load(slot);
            }
            TimingWheel.Bucket b = wheel.bucket(slot);
            if (b.next < b.n) {
                // one call: the copies go in pipelined groups, waited for once (TimerDelivery)
                int to = Math.min(b.n, b.next + (DELIVER_PER_PASS_MAX - deliveredThisPass));
                int done = delivery.deliver(b.offsets, b.next, to);
                b.next += done;
                deliveredThisPass += done;
                dequeued.addAndGet(done);
                if (b.next < to) {
                    refusedUntilMs = nowMs + REFUSED_RETRY_MS;
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

    /**
     * Before its slot starts, delivers the timers of the slot due now whose own time has come, at
     * most once per {@link #earlyStepMs}: a timer due at 10.3 s goes at about 10.3 s, not at the
     * slot's start, 11 s (never before its time). The slot is still marked fired only at its start,
     * so a crash in between fires these again (at least once).
     */
    private int fireOwnTimes(long slot, long nowMs) {
        if (!wheel.isLoaded(slot) || nowMs < nextEarlyMs) {
            return 0;
        }
        TimingWheel.Bucket b = wheel.bucket(slot);
        if (b.earliestPendingMs > nowMs) {
            return 0;
        }
        nextEarlyMs = nowMs + earlyStepMs;
        int due = b.dueFirst(nowMs);
        int to = b.next + Math.min(due, DELIVER_PER_PASS_MAX);
        int done = delivery.deliver(b.offsets, b.next, to);
        b.next += done;
        dequeued.addAndGet(done);
        if (done > 0) {
            earlyFiredSlot = slot;
        }
        if (b.next < to) {
            refusedUntilMs = nowMs + REFUSED_RETRY_MS;
        } else if (due > done) {
            b.earliestPendingMs = nowMs; // more of them than one pass delivers: come back at once
            nextEarlyMs = nowMs;
        }
        return done;
    }

    // ---- load ahead ---------------------------------------------------------------------------

    private int loadAhead() {
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
    private int load(long slot) {
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
            long entrySlot = slotOf(entry.deliverMs);
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

    // ---- checkpoint ---------------------------------------------------------------------------

    private void checkpoint(long nowMs) {
        lastCheckpointMs = nowMs;
        long done = dequeued.get();
        // a slot some of whose timers fired at their own time has passed since: record that too
        boolean earlySlotPassed = earlyFiredSlot != Long.MIN_VALUE && wheel.firstSlot() > earlyFiredSlot;
        if (enqueueOffset == checkpointedEnqueue && done == checkpointedDequeued && !earlySlotPassed) {
            return;
        }
        try {
            timerLog.force();
            TimerCheckpoint ck = new TimerCheckpoint(enqueueOffset, wheel.firstSlot() * precisionMs, (int) precisionMs);
            ck.write(settings.checkpointFile());
            lastWritten = ck;
            checkpointedEnqueue = enqueueOffset;
            checkpointedDequeued = done;
            if (earlySlotPassed) {
                earlyFiredSlot = Long.MIN_VALUE;
            }
            timerLog.deleteFiredSegments((wheel.firstSlot() - 1) * precisionMs + 1);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot write the timer checkpoint", e);
        }
    }

    // ---- figures ------------------------------------------------------------------------------

    /** Figures published by the timer thread for other threads. */
    private final class TimerFigures {
        private volatile long pending;
        private volatile long inMemory;
        private volatile long readBehindMs;
        private volatile long offsetBehind;
        private volatile double enqueueTps;
        private volatile double dequeueTps;
        private long sampledAtMs;
        private long sampledEnqueued;
        private long sampledDequeued;

        void sample(long nowMs) {
            pending = index.live();
            inMemory = wheel.size();
            readBehindMs = Math.max(0, nowMs - wheel.firstSlot() * precisionMs);
            offsetBehind = Math.max(0, store.maxOffsetInQueue(SystemTopics.TIMER_TOPIC, 0) - enqueueOffset);
            long elapsed = nowMs - sampledAtMs;
            if (elapsed >= 1_000) {
                long e = enqueued.get();
                long d = dequeued.get();
                enqueueTps = (e - sampledEnqueued) * 1000.0 / elapsed;
                dequeueTps = (d - sampledDequeued) * 1000.0 / elapsed;
                sampledAtMs = nowMs;
                sampledEnqueued = e;
                sampledDequeued = d;
            }
        }
    }

    /**
     * The timer's lines of the broker runtime info, under the official names: {@code
     * timerReadBehind} (seconds the wheel is behind the clock), {@code timerOffsetBehind} (parked
     * messages not yet in the timer log), {@code timerCongestNum} (timers loaded in memory),
     * {@code timerEnqueueTps}, {@code timerDequeueTps}; plus Skiff's {@code timerPendingNum} (timers
     * waiting, on disk or in memory) and {@code timerCheckpointCopy} (a slave's copy of its master's
     * checkpoint: {@code none}, {@code copied from ...} or {@code REFUSED: ...}).
     */
    public Map<String, String> runtimeFigures() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("timerReadBehind", String.valueOf(figures.readBehindMs / 1000));
        t.put("timerOffsetBehind", String.valueOf(figures.offsetBehind));
        t.put("timerCongestNum", String.valueOf(figures.inMemory));
        t.put("timerEnqueueTps", String.format(Locale.ROOT, "%.1f", figures.enqueueTps));
        t.put("timerDequeueTps", String.format(Locale.ROOT, "%.1f", figures.dequeueTps));
        t.put("timerPendingNum", String.valueOf(figures.pending));
        t.put("timerCheckpointCopy", copyState);
        return t;
    }

    /** Timers waiting (on disk or in memory), as of the last pass. */
    public long pendingCount() {
        return figures.pending;
    }

    /** Timers held in memory, as of the last pass. */
    public long inMemoryCount() {
        return figures.inMemory;
    }

    /** Parked messages taken into the timer since start. */
    public long enqueuedCount() {
        return enqueued.get();
    }

    /** Timer messages re-stored to their real topics since start. */
    public long deliveredCount() {
        return delivery.deliveredCount();
    }

    /**
     * Timers due before this start that a takeover found already delivered by the broker before it
     * ({@link DeliveredCopies}) and so did not fire again.
     */
    public long foundDeliveredAtTakeover() {
        return deliveredCopies.found();
    }

    /**
     * Stops the thread, forces the timer log and writes the checkpoint (a timer that never ran, as
     * on a slave, leaves the checkpoint file as it is: it may hold the master's progress). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopThread();
        if (ran) {
            checkpointedEnqueue = -1;
            checkpoint(clock.nowMs());
        }
        timerLog.close();
    }
}
