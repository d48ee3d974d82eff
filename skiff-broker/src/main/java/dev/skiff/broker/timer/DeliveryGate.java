package dev.skiff.broker.timer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way due timers leave the timer: hands their commit-log offsets to the {@link Sink} (in
 * production {@link TimerDelivery#deliver}), counts what went as dequeued, and, once the store
 * refused a delivery, stays closed for {@link #REFUSED_RETRY_MS}: the timer takes nothing in and
 * fires nothing until then (loading ahead and checkpoints go on). The enqueue stage ({@link
 * TimerEnqueue}, overdue messages), the slot firing ({@link SlotFiring}) and the own-time firing
 * ({@link OwnTimeFiring}) share it.
 *
 * <p>Threads: the timer thread delivers, refuses and reads {@link #closedUntilMs}; {@link
 * #dequeued} may be read by any thread (an atomic counter).
 */
final class DeliveryGate {
    /** How long the timer holds off taking in and firing after the store refused a delivery. */
    static final long REFUSED_RETRY_MS = 1_000;

    /** Delivers {@code offsets[from..to)} in order; returns how many from {@code from} on are done. */
    @FunctionalInterface
    interface Sink {
        int deliver(long[] offsets, int from, int to);
    }

    private final Sink sink;
    private final AtomicLong dequeued = new AtomicLong();
    private long closedUntilMs; // the timer thread's

    DeliveryGate(Sink sink) {
        this.sink = sink;
    }

    /**
     * Delivers {@code offsets[from..to)}; returns how many, from {@code from} on, are done. Fewer
     * than {@code to - from} means the store refused: the caller marks only those done and calls
     * {@link #refuse} with the time the retry counts from.
     */
    int deliver(long[] offsets, int from, int to) {
        int done = sink.deliver(offsets, from, to);
        dequeued.addAndGet(done);
        return done;
    }

    /** Closes the gate until {@link #REFUSED_RETRY_MS} after {@code nowMs}. */
    void refuse(long nowMs) {
        closedUntilMs = nowMs + REFUSED_RETRY_MS;
    }

    /** Whether the timer may take in and fire at {@code nowMs}. */
    boolean isOpen(long nowMs) {
        return nowMs >= closedUntilMs;
    }

    /** Until when the gate is closed (0 or a past time when open). */
    long closedUntilMs() {
        return closedUntilMs;
    }

    /** Timers delivered (or skipped as undeliverable) since start. Any thread. */
    long dequeued() {
        return dequeued.get();
    }
}
