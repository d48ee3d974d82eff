package dev.skiff.broker.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An executor that only queues: the test runs the tasks on its own thread, when it chooses, so a
 * processor's hand-offs (a held pull woken by an arrival on the dispatcher thread) are seen and
 * run deterministically. It can be told to refuse work, as a full bounded executor does.
 */
public final class QueuedExecutor implements Executor {
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private volatile boolean refusing;

    @Override
    public void execute(Runnable task) {
        if (refusing) {
            throw new RejectedExecutionException("queued executor told to refuse");
        }
        tasks.add(task);
    }

    /** From now on every task is refused, as by a full executor. */
    public void refuse() {
        refusing = true;
    }

    /** Tasks waiting. */
    public int pending() {
        return tasks.size();
    }

    /** Waits at most {@code timeoutMs} for a task and runs it here; fails when none comes. */
    public void runNext(long timeoutMs) throws InterruptedException {
        Runnable task = tasks.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (task == null) {
            throw new AssertionError("no task handed to the executor within " + timeoutMs + " ms");
        }
        task.run();
    }

    /** Runs every task queued now; returns how many. */
    public int runAll() {
        int ran = 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
            ran++;
        }
        return ran;
    }
}
