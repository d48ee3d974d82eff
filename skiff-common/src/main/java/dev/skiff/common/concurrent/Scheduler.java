package dev.skiff.common.concurrent;

import dev.skiff.common.SkiffClock;

/**
 * Runs named duties later or periodically on the clock it owns. A duty that throws is counted
 * ({@link #failures}) and runs again at its next time; it never stops the scheduler. Servers use
 * {@link ThreadScheduler}; tests and simulations use {@link ManualScheduler}, whose time moves only
 * when the test advances it.
 */
public interface Scheduler extends AutoCloseable {

    /** The clock that decides when duties are due. */
    SkiffClock clock();

    /** Runs {@code duty} after {@code initialDelayMs}, then {@code delayMs} after each run ends. */
    Cancellable scheduleWithFixedDelay(String name, long initialDelayMs, long delayMs, Runnable duty);

    /** Runs {@code task} once after {@code delayMs}. */
    Cancellable schedule(String name, long delayMs, Runnable task);

    /** How many runs of duties with this name have thrown since start. */
    long failures(String name);

    /** Stops running duties; a duty running now finishes. Idempotent. */
    @Override
    void close();

    /** A scheduled duty that can be stopped. */
    interface Cancellable {
        /** Stops future runs; a run under way finishes. */
        void cancel();
    }
}
