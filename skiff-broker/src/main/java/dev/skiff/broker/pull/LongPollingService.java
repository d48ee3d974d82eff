package dev.skiff.broker.pull;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Holds empty pulls until a message they want arrives or their hold time ends, then hands each
 * to {@code wake} exactly once (which runs the pull again, without parking it a second time).
 *
 * <p>Structure: parked pulls indexed by topic → queue id (for arrivals) and ordered by deadline
 * (for expiry), both guarded by one lock held only for map and tree operations. At most
 * {@code parkedMax} pulls are held; {@link #park} refuses beyond that and the caller answers at
 * once.
 *
 * <p>Threads: {@link #onArrival} runs on the store's dispatcher thread, so it only looks up the
 * queue and hands matches to {@code wake} (which must merely enqueue); it never reads the store.
 * Expiry runs every {@link #TICK_MS} on this service's own {@code broker-pull-hold} thread once
 * {@link #start()}ed; tests drive {@link #expireDue()} with a manual clock instead. Deadlines use
 * the clock's monotonic time.
 */
public final class LongPollingService implements ArrivalListener, AutoCloseable {
    /** Expiry resolution. */
    public static final long TICK_MS = 100;

    private static final Comparator<ParkedPull> BY_DEADLINE =
            Comparator.<ParkedPull>comparingLong(p -> p.deadlineNs).thenComparingLong(p -> p.seq);

    private final SkiffClock clock;
    private final int parkedMax;
    private final Consumer<ParkedPull> wake;
    private final Object lock = new Object();
    private final Map<String, Map<Integer, List<ParkedPull>>> byQueue = new HashMap<>();
    private final TreeSet<ParkedPull> byDeadline = new TreeSet<>(BY_DEADLINE);
    private volatile int parked;
    private long nextSeq;
    private Scheduler ticker;
    private Scheduler.Cancellable expiry;
    private boolean ownsTicker;

    public LongPollingService(SkiffClock clock, int parkedMax, Consumer<ParkedPull> wake) {
        if (parkedMax < 1) {
            throw new IllegalArgumentException("parkedMax must be positive: " + parkedMax);
        }
        this.clock = clock;
        this.parkedMax = parkedMax;
        this.wake = wake;
    }

    /** Starts the expiry duty on a thread of its own ({@code broker-pull-hold}). */
    public synchronized void start() {
        if (ticker == null) {
            start(new ThreadScheduler("broker-pull-hold", 1, clock));
            ownsTicker = true;
        }
    }

    /** Starts the expiry duty on {@code scheduler} (a {@code ManualScheduler} in tests); not closed here. */
    public synchronized void start(Scheduler scheduler) {
        if (ticker == null) {
            ticker = scheduler;
            expiry = scheduler.scheduleWithFixedDelay("pull-hold-expiry", TICK_MS, TICK_MS, this::expireDue);
        }
    }

    /** Holds {@code pull} for its hold time; false (not held) when {@code parkedMax} pulls are held. */
    public boolean park(ParkedPull pull) {
        synchronized (lock) {
            if (parked >= parkedMax) {
                return false;
            }
            pull.deadlineNs = clock.monotonicNs() + TimeUnit.MILLISECONDS.toNanos(pull.holdMs());
            pull.seq = nextSeq++;
            byDeadline.add(pull);
            if (pull.wakeOnArrival()) {
                byQueue.computeIfAbsent(pull.topic(), t -> new HashMap<>())
                        .computeIfAbsent(pull.queueId(), q -> new ArrayList<>(2))
                        .add(pull);
            }
            parked = byDeadline.size();
        }
        return true;
    }

    /**
     * Wakes {@code pull} now if it is still held (for a re-check that found new messages right
     * after parking); false if an arrival or its deadline took it first.
     */
    public boolean wakeNow(ParkedPull pull) {
        synchronized (lock) {
            if (!remove(pull)) {
                return false;
            }
        }
        wake.accept(pull);
        return true;
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        notifyArrival(record.topic(), record.queueId(), record.queueOffset(), record.tagsCode());
    }

    /** A message was dispatched at {@code queueOffset}; wakes the pulls of that queue that want it. */
    public void notifyArrival(String topic, int queueId, long queueOffset, long tagsCode) {
        if (parked == 0) {
            return;
        }
        List<ParkedPull> woken = null;
        synchronized (lock) {
            Map<Integer, List<ParkedPull>> queues = byQueue.get(topic);
            List<ParkedPull> waiting = queues == null ? null : queues.get(queueId);
            if (waiting == null) {
                return;
            }
            for (int i = waiting.size() - 1; i >= 0; i--) {
                ParkedPull p = waiting.get(i);
                if (p.wantedBy(queueOffset, tagsCode)) {
                    if (woken == null) {
                        woken = new ArrayList<>(2);
                    }
                    woken.add(p);
                }
            }
            if (woken != null) {
                woken.forEach(this::remove);
            }
        }
        if (woken != null) {
            woken.forEach(wake);
        }
    }

    /** Wakes every pull whose hold time is over; returns how many. */
    public int expireDue() {
        List<ParkedPull> due = new ArrayList<>();
        synchronized (lock) {
            long now = clock.monotonicNs();
            while (!byDeadline.isEmpty() && byDeadline.first().deadlineNs - now <= 0) {
                ParkedPull p = byDeadline.first();
                remove(p);
                due.add(p);
            }
        }
        due.forEach(wake);
        return due.size();
    }

    /** Pulls held now. */
    public int parkedCount() {
        return parked;
    }

    /** Pulls of {@code topic} held now that an arrival can wake (for tests and operators). */
    public int parkedCount(String topic) {
        synchronized (lock) {
            Map<Integer, List<ParkedPull>> queues = byQueue.get(topic);
            if (queues == null) {
                return 0;
            }
            int held = 0;
            for (List<ParkedPull> waiting : queues.values()) {
                held += waiting.size();
            }
            return held;
        }
    }

    private boolean remove(ParkedPull p) {
        if (!byDeadline.remove(p)) {
            return false;
        }
        if (p.wakeOnArrival()) {
            Map<Integer, List<ParkedPull>> queues = byQueue.get(p.topic());
            List<ParkedPull> waiting = queues.get(p.queueId());
            waiting.remove(p);
            if (waiting.isEmpty()) {
                queues.remove(p.queueId());
                if (queues.isEmpty()) {
                    byQueue.remove(p.topic());
                }
            }
        }
        parked = byDeadline.size();
        return true;
    }

    /** Stops expiry and forgets held pulls (the transport is closing; their clients time out). */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            expiry.cancel();
            if (ownsTicker) {
                ticker.close();
            }
            ticker = null;
        }
        synchronized (lock) {
            byDeadline.clear();
            byQueue.clear();
            parked = 0;
        }
    }
}
