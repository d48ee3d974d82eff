package dev.skiff.broker.timer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The timer's figures, sampled by the timer thread at the end of each pass and read by any thread
 * (volatile fields): timers pending and in memory, how far the wheel is behind the clock, parked
 * messages not yet taken in, and the enqueue and dequeue rates, recomputed at most once a second
 * from the running totals.
 */
final class TimerFigures {
    /** Least time between two rate samples. */
    static final long RATE_INTERVAL_MS = 1_000;

    private volatile long pending;
    private volatile long inMemory;
    private volatile long readBehindMs;
    private volatile long offsetBehind;
    private volatile double enqueueTps;
    private volatile double dequeueTps;
    private long sampledAtMs; // the timer thread's, like the two below
    private long sampledEnqueued;
    private long sampledDequeued;

    /**
     * Publishes one pass's figures.
     *
     * @param enqueued parked messages taken in since start
     * @param dequeued timers delivered since start
     */
    void sample(
            long nowMs,
            long pending,
            long inMemory,
            long readBehindMs,
            long offsetBehind,
            long enqueued,
            long dequeued) {
        this.pending = pending;
        this.inMemory = inMemory;
        this.readBehindMs = readBehindMs;
        this.offsetBehind = offsetBehind;
        long elapsed = nowMs - sampledAtMs;
        if (elapsed >= RATE_INTERVAL_MS) {
            enqueueTps = (enqueued - sampledEnqueued) * 1000.0 / elapsed;
            dequeueTps = (dequeued - sampledDequeued) * 1000.0 / elapsed;
            sampledAtMs = nowMs;
            sampledEnqueued = enqueued;
            sampledDequeued = dequeued;
        }
    }

    /** Timers waiting (on disk or in memory), as of the last pass. */
    long pending() {
        return pending;
    }

    /** Timers held in memory, as of the last pass. */
    long inMemory() {
        return inMemory;
    }

    /**
     * The figures under the broker runtime info's names: {@code timerReadBehind} (seconds),
     * {@code timerOffsetBehind}, {@code timerCongestNum} (in memory), {@code timerEnqueueTps},
     * {@code timerDequeueTps}, {@code timerPendingNum}, and {@code timerCheckpointCopy}, given.
     */
    Map<String, String> runtimeInfo(String checkpointCopy) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("timerReadBehind", String.valueOf(readBehindMs / 1000));
        t.put("timerOffsetBehind", String.valueOf(offsetBehind));
        t.put("timerCongestNum", String.valueOf(inMemory));
        t.put("timerEnqueueTps", String.format(Locale.ROOT, "%.1f", enqueueTps));
        t.put("timerDequeueTps", String.format(Locale.ROOT, "%.1f", dequeueTps));
        t.put("timerPendingNum", String.valueOf(pending));
        t.put("timerCheckpointCopy", checkpointCopy);
        return t;
    }
}
