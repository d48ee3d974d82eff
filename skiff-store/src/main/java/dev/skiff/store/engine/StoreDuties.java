package dev.skiff.store.engine;

import dev.skiff.common.concurrent.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's duties — the periodic checkpoint and retention on the {@link Scheduler} it owns (one
 * {@code skiff-store-duties} thread in production), and deletes asked for by callers — run one at a
 * time under one lock: whoever holds it owns the consume queues' flush state and retention's
 * changes to them. A caller's duty runs on the caller's thread. Closing stops the periodic duties
 * and waits, bounded, for one under way.
 */
final class StoreDuties implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreDuties.class);
    /** Longest wait at close for a duty under way to end. */
    static final long END_WAIT_MS = 10_000;

    private final Scheduler scheduler;
    private final ReentrantLock lock = new ReentrantLock();

    StoreDuties(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code duty} every {@code intervalMs} (first after one interval), under the lock. */
    void every(String name, long intervalMs, Runnable duty) {
        scheduler.scheduleWithFixedDelay(name, intervalMs, intervalMs, () -> {
            lock.lock();
            try {
                duty.run();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Runs {@code work} now under the lock, on the calling thread; runtime exceptions are rethrown. */
    <T> T call(String what, Callable<T> work) {
        lock.lock();
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the periodic duties and waits (at most {@link #END_WAIT_MS}) for a duty under way. */
    @Override
    public void close() {
        scheduler.close();
        try {
            if (lock.tryLock(END_WAIT_MS, TimeUnit.MILLISECONDS)) {
                lock.unlock();
            } else {
                LOG.warn("a store duty is still running after {} ms; closing anyway", END_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
