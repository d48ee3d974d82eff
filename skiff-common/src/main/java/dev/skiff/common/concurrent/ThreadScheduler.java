package dev.skiff.common.concurrent;

import dev.skiff.common.SkiffClock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} on real time: one daemon thread (or a few) named after the owner, duties in
 * delay order. Closing stops new runs and waits a bounded time for the one under way; it interrupts
 * that run unless built with {@code interruptOnClose = false} (duties that write files through a
 * {@code FileChannel}, which an interrupt would close under them).
 */
public final class ThreadScheduler implements Scheduler {
    private static final long CLOSE_WAIT_MS = 5_000;

    private final SkiffClock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final DutyFailures failures;
    private final boolean interruptOnClose;

    /** A scheduler with {@code threads} daemon threads named {@code name-N}; closing interrupts a run. */
    public ThreadScheduler(String name, int threads, SkiffClock clock) {
        this(name, threads, clock, true);
    }

    /**
     * A scheduler with {@code threads} daemon threads named {@code name-N}.
     *
     * @param interruptOnClose whether {@link #close()} interrupts a run under way (false: it lets
     *     the run finish, waiting for it up to the same bound)
     */
    public ThreadScheduler(String name, int threads, SkiffClock clock, boolean interruptOnClose) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64: " + threads);
        }
        this.clock = clock;
        this.interruptOnClose = interruptOnClose;
        this.failures = new DutyFailures(clock);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public SkiffClock clock() {
        return clock;
    }

    @Override
    public Cancellable scheduleWithFixedDelay(String name, long initialDelayMs, long delayMs, Runnable duty) {
        if (delayMs <= 0) {
            throw new IllegalArgumentException("delay of duty " + name + " must be positive: " + delayMs);
        }
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(
                () -> failures.run(name, duty), Math.max(0, initialDelayMs), delayMs, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable schedule(String name, long delayMs, Runnable task) {
        ScheduledFuture<?> f =
                executor.schedule(() -> failures.run(name, task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public long failures(String name) {
        return failures.count(name);
    }

    @Override
    public void close() {
        if (interruptOnClose) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        try {
            executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
