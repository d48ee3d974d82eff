package dev.skiff.common;

/**
 * The one source of time in Skiff. Production code takes a {@code SkiffClock} in its constructor
 * instead of calling {@link System#currentTimeMillis()}, so tests can drive time by hand.
 */
public interface SkiffClock {

    /** Wall-clock time in milliseconds since the epoch. */
    long nowMs();

    /** Monotonic time in nanoseconds, for measuring intervals. */
    long monotonicNs();

    /** The clock backed by the system; the only place Skiff reads the system clock. */
    static SkiffClock system() {
        return SystemClock.INSTANCE;
    }
}
