package dev.skiff.common.concurrent;

import dev.skiff.common.ManualClock;
import dev.skiff.common.SkiffClock;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} for tests and simulations: nothing runs until the test calls {@link
 * #advanceMs}, which moves the manual clock forward step by step and runs every duty that falls
 * due, on the calling thread, in due-time order (ties in scheduling order). Deterministic: the same
 * calls run the same duties in the same order at the same clock readings.
 */
public final class ManualScheduler implements Scheduler {
    private static final int RUNS_PER_ADVANCE_MAX = 10_000_000;

    private final ManualClock clock;
    private final DutyFailures failures;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;
    private boolean closed;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
        this.failures = new DutyFailures(clock);
    }

    private final class Task implements Comparable<Task>, Cancellable {
        final String name;
        final Runnable duty;
        final long delayMs;
        long dueMs;
        long order;
        boolean cancelled;

        Task(String name, Runnable duty, long dueMs, long delayMs) {
            this.name = name;
            this.duty = duty;
            this.dueMs = dueMs;
            this.delayMs = delayMs;
            this.order = sequence++;
        }

        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(dueMs, o.dueMs);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                queue.remove(this);
            }
        }
    }

    @Override
    public SkiffClock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable scheduleWithFixedDelay(
            String name, long initialDelayMs, long delayMs, Runnable duty) {
        if (delayMs <= 0) {
            throw new IllegalArgumentException("delay of duty " + name + " must be positive: " + delayMs);
        }
        return add(new Task(name, duty, clock.nowMs() + Math.max(0, initialDelayMs), delayMs));
    }

    @Override
    public synchronized Cancellable schedule(String name, long delayMs, Runnable task) {
        return add(new Task(name, task, clock.nowMs() + Math.max(0, delayMs), 0));
    }

    private Task add(Task task) {
        if (!closed) {
            queue.add(task);
        }
        return task;
    }

    /**
     * Moves the clock forward by {@code deltaMs}, running each due duty at its due time; returns
     * how many runs happened.
     */
    public int advanceMs(long deltaMs) {
        if (deltaMs < 0) {
            throw new IllegalArgumentException("time only moves forward: " + deltaMs);
        }
        long target = clock.nowMs() + deltaMs;
        int runs = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (closed || next == null || next.dueMs > target) {
                    break;
                }
                queue.poll();
            }
            if (next.dueMs > clock.nowMs()) {
                clock.advanceMs(next.dueMs - clock.nowMs());
            }
            failures.run(next.name, next.duty);
            if (++runs > RUNS_PER_ADVANCE_MAX) {
                throw new IllegalStateException("more than " + RUNS_PER_ADVANCE_MAX + " runs in one advance");
            }
            synchronized (this) {
                if (next.delayMs > 0 && !next.cancelled && !closed) {
                    next.dueMs = clock.nowMs() + next.delayMs;
                    next.order = sequence++;
                    queue.add(next);
                }
            }
        }
        if (target > clock.nowMs()) {
            clock.advanceMs(target - clock.nowMs());
        }
        return runs;
    }

    /** Duties waiting to run (periodic ones count once). */
    public synchronized int pending() {
        return queue.size();
    }

    @Override
    public long failures(String name) {
        return failures.count(name);
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
    }
}
