package dev.skiff.remoting.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The one bounded wait of the tests that share this test jar (remoting, store, name server,
 * controller, auth, broker, console, bench), for
 * conditions that give no event to wait on (a counter of another thread, a route held by the name
 * server, a file another thread deletes).
 * Where a latch, a future or a listener exists, a test waits on that instead.
 *
 * <p>It checks the condition at once, then again after pauses that double from 1 ms up to
 * {@link #MAX_PAUSE} (so a condition that holds soon is seen soon, and a long wait costs few
 * checks), until the condition holds or {@code limit} has passed. Every wait is bounded by its
 * {@code limit}; on timeout the failure names what was awaited and the last value or exception
 * the probe gave.
 *
 * <p>{@link #staysTrue} is the negative form: a window in which something must NOT happen (no
 * redelivery, no second check). It checks at once and then every {@link #WATCH_PAUSE} for the
 * whole window, and fails at the first check that sees the condition false, naming what was
 * watched and when it broke; so a window is checked throughout, not once at its end.
 */
public final class Await {
    /** The longest pause between two checks. */
    public static final Duration MAX_PAUSE = Duration.ofMillis(20);

    /** The pause between two checks of {@link #staysTrue}. */
    public static final Duration WATCH_PAUSE = Duration.ofMillis(10);

    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();

    private Await() {}

    /** Waits until {@code condition} holds; returns how long it took, or fails after {@code limit}. */
    public static Duration until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        if (!holdsWithin(limit, condition)) {
            throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until {@code condition} holds; returns whether it did within {@code limit} (no failure). */
    public static boolean holdsWithin(Duration limit, BooleanSupplier condition) throws InterruptedException {
        return holdsWithin(limit, MAX_PAUSE, condition);
    }

    /**
     * As {@link #holdsWithin(Duration, BooleanSupplier)}, with pauses growing up to {@code maxPause}
     * (longer for a condition that asks another process over the network).
     */
    public static boolean holdsWithin(Duration limit, Duration maxPause, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            pause(Math.min(pause, left));
            pause = Math.min(pause * 2, maxPause.toNanos());
        }
        return true;
    }

    /**
     * Asks {@code probe} until its answer satisfies {@code done} and returns that answer; an
     * exception from the probe counts as "not yet". Fails after {@code limit}, naming the last
     * answer or exception.
     */
    public static <T> T answer(String what, Duration limit, Callable<T> probe, Predicate<? super T> done)
            throws InterruptedException {
        Object[] last = {"no answer yet"};
        Object[] hit = new Object[1];
        boolean held = holdsWithin(limit, () -> {
            try {
                T value = probe.call();
                last[0] = value;
                if (done.test(value)) {
                    hit[0] = value;
                    return true;
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            } catch (Exception e) {
                last[0] = e;
                return false;
            }
        });
        if (!held) {
            throw new AssertionError(
                    "timed out after " + limit.toMillis() + " ms waiting for " + what + "; last: " + last[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) hit[0];
        return value;
    }

    /**
     * Checks {@code condition} at once and every {@link #WATCH_PAUSE} until {@code window} has
     * passed (one last check at its end); fails at the first check that finds it false, naming
     * {@code what} and the elapsed time. Returns the window actually watched.
     */
    public static Duration staysTrue(String what, Duration window, BooleanSupplier condition)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + window.toNanos();
        while (true) {
            boolean last = System.nanoTime() - end >= 0;
            if (!condition.getAsBoolean()) {
                throw new AssertionError("broken after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                        + " ms of a " + window.toMillis() + " ms window: " + what);
            }
            if (last) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            pause(Math.min(WATCH_PAUSE.toNanos(), end - System.nanoTime()));
        }
    }

    /** The one pause of the tests that use this helper: between two checks of a condition. */
    private static void pause(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
