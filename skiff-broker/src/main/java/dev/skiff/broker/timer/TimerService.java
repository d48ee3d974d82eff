package dev.skiff.broker.timer;

import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.store.MessageStore;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer: wires its parts and runs one thread ({@code broker-timer}) that, in each pass,
 *
 * <ol>
 *   <li><b>enqueues</b> new parked messages ({@link TimerEnqueue}): reads the timer topic's
 *       consume queue from the enqueue offset (the tag code of each entry is its delivery time, see
 *       {@link TimerTagsCode}), appends an entry per message to the {@link TimerLog} linked into
 *       its slot of the {@link SlotIndex}, and adds it to the {@link TimingWheel} too when its slot
 *       is already in memory. A message whose slot has passed is delivered at once.
 *   <li><b>fires</b> every slot whose time has come ({@link SlotFiring}; {@code now >= slot *
 *       precisionMs}, a timer's slot is its delivery time rounded up, so nothing fires early),
 *       re-storing its messages through {@link TimerDelivery}, then moves on. In the slot not yet
 *       started, the timers whose own time has come are delivered already ({@link OwnTimeFiring},
 *       checked every tenth of a slot), so a timer is late by about a tenth of a slot rather than
 *       up to a whole one. A refusal of the store holds both off for a while ({@link
 *       DeliveryGate}).
 *   <li><b>loads ahead</b> ({@link WheelLoader}) the slots of the next {@code timerWheelWindowMs}
 *       into memory, as long as the wheel holds fewer than {@code timerWheelEntriesMax} timers;
 *       later timers stay on disk. The slot due now is loaded whatever its size.
 *   <li><b>checkpoints</b> ({@link TimerCheckpoints}) once a second when anything changed: forces
 *       the timer log, then writes {@link TimerCheckpoint} (enqueue offset, dequeue time).
 * </ol>
 *
 * Every loop in a pass is bounded; the thread sleeps until the next slot is due (at most {@link
 * #IDLE_WAIT_MAX_MS}) and is woken early when a message arrives in the timer topic.
 *
 * <p>Start: the slot index is rebuilt from the timer log ({@link TimerRecovery}; entries due before the checkpoint's
 * dequeue time have fired and are left out); enqueuing resumes after the newest logged entry. When
 * the checkpoint's enqueue offset is further on (the log was lost or is behind), the queue is read
 * again from there: entries below the checkpoint offset whose time is before the dequeue time are
 * known to have fired and are skipped, the rest are logged again ({@link ReplayFilter}). Without a
 * checkpoint (a new broker, or a slave that became master), the whole timer topic is read and
 * every timer already due fires at once. Timers that fell due while the broker was down fire right
 * after start, as the wheel catches up slot by slot. Delivery is at least once: after a crash,
 * what fired since the last checkpoint (at most about a second) fires again. A start from a
 * checkpoint without its timer log (a promoted slave) first looks for each timer due before the
 * start in its real topic ({@link DeliveredCopies}) and does not fire again one whose copy is
 * there. A slave's timer never runs; it keeps its master's copied checkpoint, and takes it as its
 * start on its first pass when promoted while it runs.
 *
 * <p>Threads and locks: the parts are the timer thread's (each says so). This object's monitor
 * guards the thread's lifecycle ({@link #start}, {@link #stop}, {@link #close}) and the adoption
 * of a master's checkpoint; the checkpoint at stop and close is written under it once the thread
 * is joined (the join waits at most 15 s). {@code signal}'s monitor guards the wake-up flag. What other threads read (figures,
 * counters, the last checkpoint, the slot counts for flow control) is volatile or atomic.
 */
public final class TimerService implements ArrivalListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerService.class);

    static final long IDLE_WAIT_MAX_MS = 200;
    static final long REFUSED_RETRY_MS = DeliveryGate.REFUSED_RETRY_MS;

    private final SkiffClock clock;
    private final MessageStore store;
    private final TimerLog timerLog;
    private final SlotIndex index;
    private final TimingWheel wheel;
    private final TimerSettings settings;
    private final TimerDelivery delivery;
    private final DeliveredCopies deliveredCopies;
    private final DeliveryGate gate;
    private final TimerCheckpoints checkpoints;
    private final ReplayFilter replay;
    private final TimerEnqueue enqueue;
    private final WheelLoader loader;
    private final OwnTimeFiring ownTime;
    private final SlotFiring firing;
    private final TimerFigures figures = new TimerFigures();

    /** Set by the first pass: only a timer that ran writes its own checkpoint. */
    private volatile boolean ran;

    private final Object signal = new Object();
    private Thread thread; // guarded by this
    private boolean pendingSignal; // guarded by signal
    private volatile boolean running;
    private boolean closed; // guarded by this

    private TimerService(
            TimerSettings settings,
            MessageStore store,
            MessageAppender appender,
            SkiffClock clock,
            TimerLog timerLog,
            TimerCheckpoint checkpoint)
            throws IOException {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.timerLog = timerLog;
        long startedAtMs = clock.nowMs();
        this.index = new SlotIndex(settings.slotCells());
        this.checkpoints =
                new TimerCheckpoints(settings.checkpointFile(), settings.precisionMs(), timerLog, checkpoint);
        TimerRecovery r = TimerRecovery.recover(
                settings,
                timerLog,
                index,
                checkpoints,
                clock,
                () -> store.minOffsetInQueue(SystemTopics.TIMER_TOPIC, 0));
        this.wheel = r.wheel();
        this.delivery = new TimerDelivery(store, appender, clock);
        this.deliveredCopies = new DeliveredCopies(store);
        this.gate = new DeliveryGate(delivery::deliver);
        this.replay = new ReplayFilter(checkpoints, deliveredCopies::delivered, startedAtMs, r.enqueueFrom());
        this.enqueue = new TimerEnqueue(store, timerLog, index, wheel, gate, replay, settings, clock, r.enqueueFrom());
        this.loader = new WheelLoader(wheel, index, timerLog, settings);
        this.ownTime = new OwnTimeFiring(wheel, gate, settings.precisionMs(), SlotFiring.DELIVER_PER_PASS_MAX);
        this.firing = new SlotFiring(wheel, index, loader, gate, ownTime, settings.precisionMs());
        log.info(
                "timer: {} pending timers in the log, enqueue from offset {}, dequeue from {}",
                index.live(),
                r.enqueueFrom(),
                wheel.firstSlot() * settings.precisionMs());
    }

    /** Opens the timer log and checkpoint under the store root and rebuilds the slot index. */
    public static TimerService open(
            TimerSettings settings, MessageStore store, MessageAppender appender, SkiffClock clock) throws IOException {
        TimerCheckpoint checkpoint = TimerCheckpoint.read(settings.checkpointFile());
        TimerLog timerLog = TimerLog.open(settings.logDir(), settings.segmentBytes());
        try {
            return new TimerService(settings, store, appender, clock, timerLog, checkpoint);
        } catch (IOException | RuntimeException e) {
            timerLog.close();
            throw e;
        }
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
        checkpoints.forgetWritten();
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
        return index.liveInCell(settings.slotOf(deliverMs));
    }

    /**
     * The last checkpoint written (what a restart would start from) in the official {@code
     * GET_TIMER_CHECK_POINT} layout ({@link TimerCheckpointWire}), null when none yet: what a slave
     * copies. Any thread.
     */
    public byte[] checkpointForSlave() {
        TimerCheckpoint ck = checkpoints.lastWritten();
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
        return checkpoints.adoptMaster(body, ran);
    }

    /** The slot width, {@code timerPrecisionMs}. */
    public int precisionMs() {
        return settings.precisionMs();
    }

    /** Records what the last copy of the master's checkpoint did ({@link TimerCheckpointCopy}). Any thread. */
    void copyState(String state) {
        checkpoints.copyState(state);
    }

    /**
     * What the last copy of the master's checkpoint did, {@code timerCheckpointCopy} in the runtime
     * figures: {@code none} (never copied, as on a master), {@code copied from <master>}, or {@code
     * REFUSED: <why>}.
     */
    public String copyState() {
        return checkpoints.copyState();
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
        long targetMs = Math.max(firing.nextDueMs(), gate.closedUntilMs());
        return Math.max(1, targetMs - clock.nowMs());
    }

    /** One pass (see the class comment); returns how much work it did, 0 when idle. */
    int runOnce() {
        if (!ran) {
            ran = true;
            TimerCheckpoint copied = checkpoints.takeCopiedAsStart();
            if (copied != null) {
                replay.restartFrom(copied, clock.nowMs(), enqueue.offset());
            }
        }
        long nowMs = clock.nowMs();
        int work = 0;
        if (gate.isOpen(nowMs)) {
            work += enqueue.enqueue();
            work += firing.fireDue(nowMs);
        }
        work += loader.loadAhead();
        if (checkpoints.due(nowMs)) {
            checkpoint(nowMs);
        }
        figures.sample(
                nowMs,
                index.live(),
                wheel.size(),
                Math.max(0, nowMs - wheel.firstSlot() * settings.precisionMs()),
                Math.max(0, store.maxOffsetInQueue(SystemTopics.TIMER_TOPIC, 0) - enqueue.offset()),
                enqueue.enqueued(),
                gate.dequeued());
        return work;
    }

    private void checkpoint(long nowMs) {
        // a slot some of whose timers fired at their own time has passed since: record that too
        boolean ownTimeSlotPassed = ownTime.firedSlotPassed(wheel.firstSlot());
        boolean written =
                checkpoints.write(nowMs, enqueue.offset(), gate.dequeued(), wheel.firstSlot(), ownTimeSlotPassed);
        if (written && ownTimeSlotPassed) {
            ownTime.passRecorded();
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
        return figures.runtimeInfo(checkpoints.copyState());
    }

    /** Timers waiting (on disk or in memory), as of the last pass. */
    public long pendingCount() {
        return figures.pending();
    }

    /** Timers held in memory, as of the last pass. */
    public long inMemoryCount() {
        return figures.inMemory();
    }

    /** Parked messages taken into the timer since start. */
    public long enqueuedCount() {
        return enqueue.enqueued();
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
            checkpoints.forgetWritten();
            checkpoint(clock.nowMs());
        }
        timerLog.close();
    }
}
