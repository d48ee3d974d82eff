package dev.skiff.dist;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one bounded wait of the process tests, in three forms. {@link #until} and {@link #staysTrue}
 * are the shared test helper's ({@link dev.skiff.remoting.testing.Await}) with longer pauses for
 * {@code until} and a condition that may throw a checked exception, which ends the wait as thrown.
 *
 * <ul>
 *   <li>{@link #until}: for a condition answered by another process over the network (a route, a
 *       leader, a send that succeeds). It checks at once, then after pauses that double from 1 ms
 *       up to {@link #MAX_PAUSE}, until the condition holds or the limit passes.
 *   <li>{@link #fileShows}: for a condition on a file another process writes (its captured output,
 *       a journal, a stop flag). The wait is woken by the file system's change events for that file
 *       (inotify on Linux) and checks the condition on each wake, so it sees a new line as soon as it
 *       is written; a {@link #SAFETY_CHECK} check also runs without an event, in case events were
 *       dropped (the kernel's queue overflowed).
 *   <li>{@link #staysTrue}: the negative form, for a window in which something must NOT happen (no
 *       late duplicate, no second leader). It checks at once and every 10 ms for the whole
 *       window and fails at the first check that finds the condition false, naming what was
 *       watched and when it broke.
 * </ul>
 *
 * <p>The first two return whether the condition held within the limit; {@link Check#holds()} may
 * throw to fail the wait at once (e.g. "the process has exited").
 */
final class Await {
    /** The longest pause between two checks of {@link #until}. */
    static final Duration MAX_PAUSE = Duration.ofMillis(100);

    /** How long {@link #fileShows} waits for an event before checking anyway. */
    static final Duration SAFETY_CHECK = Duration.ofMillis(500);

    /** The shortest time between two checks of {@link #fileShows} (events in between are gathered). */
    static final Duration MIN_GAP = Duration.ofMillis(10);

    private Await() {}

    /** A condition that may ask another process, and may throw to stop the wait. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Waits (bounded by {@code limit}) until {@code condition} holds; returns whether it did. */
    static boolean until(Duration limit, Check condition) throws Exception {
        return passingThrough(
                () -> dev.skiff.remoting.testing.Await.holdsWithin(limit, MAX_PAUSE, unchecked(condition)));
    }

    /**
     * Checks {@code condition} at once and every {@link dev.skiff.remoting.testing.Await#WATCH_PAUSE}
     * until {@code window} has passed (one last check at its end); throws an {@link AssertionError}
     * naming {@code what} and the elapsed time at the first check that finds it false. Returns the
     * window actually watched.
     */
    static Duration staysTrue(String what, Duration window, Check condition) throws Exception {
        return passingThrough(() -> dev.skiff.remoting.testing.Await.staysTrue(what, window, unchecked(condition)));
    }

    /** An exception of a {@link Check}, carried through the shared helper's {@code BooleanSupplier}. */
    private static final class CheckThrew extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckThrew(Exception cause) {
            super(cause);
        }
    }

    private static java.util.function.BooleanSupplier unchecked(Check condition) {
        return () -> {
            try {
                return condition.holds();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CheckThrew(e);
            }
        };
    }

    /** Runs a wait of the shared helper; a checked exception of the {@link Check} comes out as it was thrown. */
    private static <T> T passingThrough(java.util.concurrent.Callable<T> wait) throws Exception {
        try {
            return wait.call();
        } catch (CheckThrew e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * Waits (bounded by {@code limit}) until {@code condition}, a check of {@code file}, holds;
     * woken whenever that file is created or written. Returns whether it held.
     */
    static boolean fileShows(Path file, Duration limit, Check condition) throws Exception {
        Path folder = file.toAbsolutePath().getParent();
        Path name = file.getFileName();
        long deadline = System.nanoTime() + limit.toNanos();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            // registered before the first check, so a write between the check and the wait still wakes it
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!condition.holds()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitChange(watch, name, Math.min(left, SAFETY_CHECK.toNanos()));
            }
            return true;
        }
    }

    /**
     * Returns once {@code name} changed (or an overflow asks for a look), but not sooner than
     * {@link #MIN_GAP} after the call, so a chatty process costs at most one check per gap; or
     * after {@code nanos} without a change.
     */
    private static void awaitChange(WatchService watch, Path name, long nanos)
            throws InterruptedException, IOException {
        long start = System.nanoTime();
        long until = start + nanos;
        long earliest = start + MIN_GAP.toNanos();
        boolean changed = false;
        try {
            for (long left = nanos;
                    left > 0;
                    left = (changed ? Math.min(until, earliest) : until) - System.nanoTime()) {
                WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key == null) {
                    return;
                }
                changed |= key.pollEvents().stream()
                        .anyMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(e.context()));
                if (!key.reset()) {
                    throw new IOException("the folder of " + name + " is no longer watchable");
                }
                if (changed && System.nanoTime() - earliest >= 0) {
                    return;
                }
            }
        } catch (ClosedWatchServiceException e) {
            throw new IOException("watch closed while waiting for " + name, e);
        }
    }
}
