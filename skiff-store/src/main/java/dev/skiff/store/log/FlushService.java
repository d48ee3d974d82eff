package dev.skiff.store.log;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.PutResult;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that forces the commit log to the device.
 *
 * <p>ASYNC: writers are acknowledged at once. Every {@code flushIntervalMs} the thread forces what
 * was written if at least {@code flushDirtyPagesMin} 4 KiB pages are dirty, or whatever is dirty
 * once {@link #THOROUGH_FLUSH_ROUNDS} rounds passed without a force; it wakes early only when
 * {@link #EARLY_FLUSH_BYTES} are dirty. Waking per few pages written would cost one {@code msync}
 * per handful of messages: at 15,000 msg/s of 1 KiB that was 2 s of kernel time every 15 s.
 *
 * <p>SYNC (group commit): writers enqueue (end offset, future); each round the thread takes every
 * waiting request, forces once up to the newest written offset, and completes them all —
 * concurrent writers share one {@code force}. A request completed later than {@code
 * syncFlushTimeoutMs} after it was queued gets FLUSH_DISK_TIMEOUT. The queue is bounded; a writer
 * that finds it full is answered FLUSH_DISK_TIMEOUT at once (its record is in the log, not
 * confirmed on the device).
 */
public final class FlushService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlushService.class);
    private static final int PAGE_BYTES = 4096;
    private static final long SYNC_IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Dirty bytes that wake the async flush before its interval (bounds what a crash can lose). */
    static final long EARLY_FLUSH_BYTES = 16L << 20;
    /** Async rounds after which anything dirty is forced even below {@code flushDirtyPagesMin}. */
    static final int THOROUGH_FLUSH_ROUNDS = 20;

    private record Waiter(long endOffset, long deadlineNs, CompletableFuture<PutResult> future, PutResult ok) {}

    private final CommitLog log;
    private final StoreConfig config;
    private final SkiffClock clock;
    private final ReentrantLock queueLock = new ReentrantLock();
    private ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private ArrayDeque<Waiter> draining = new ArrayDeque<>();
    private final AtomicBoolean signaled = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;
    private long forces;
    private int roundsSinceForce;

    public FlushService(CommitLog log, StoreConfig config, SkiffClock clock) {
        this.log = log;
        this.config = config;
        this.clock = clock;
        this.thread = new Thread(this::run, "skiff-store-flush");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Called after each append: wakes the thread early when many bytes are dirty (ASYNC). */
    public void onAppended(long writtenOffset) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC
                && writtenOffset - log.flushedOffset() >= EARLY_FLUSH_BYTES
                && signaled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Completes {@code future} with {@code ok} once {@code endOffset} is on the device (SYNC), or at
     * once (ASYNC).
     */
    public void complete(long endOffset, CompletableFuture<PutResult> future, PutResult ok) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC || log.flushedOffset() >= endOffset) {
            future.complete(ok);
            return;
        }
        long deadline = clock.monotonicNs() + TimeUnit.MILLISECONDS.toNanos(config.syncFlushTimeoutMs());
        boolean queued;
        queueLock.lock();
        try {
            queued = running && waiting.size() < config.syncFlushPendingMax();
            if (queued) {
                waiting.add(new Waiter(endOffset, deadline, future, ok));
            }
        } finally {
            queueLock.unlock();
        }
        if (!queued) {
            future.complete(ok.withStatus(PutStatus.FLUSH_DISK_TIMEOUT));
            return;
        }
        if (signaled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /** Number of device forces so far (for tests of group commit). */
    public long forces() {
        return forces;
    }

    private void run() {
        while (running) {
            try {
                if (config.flushMode() == StoreConfig.FlushMode.SYNC) {
                    syncRound();
                } else {
                    asyncRound();
                }
            } catch (Throwable t) {
                LOG.error("flush round failed", t);
                LockSupport.parkNanos(SYNC_IDLE_PARK_NS);
            }
        }
    }

    private void asyncRound() {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(config.flushIntervalMs()));
        signaled.set(false);
        if (!running) {
            return;
        }
        long dirty = log.writtenOffset() - log.flushedOffset();
        if (dirty >= (long) config.flushDirtyPagesMin() * PAGE_BYTES
                || (dirty > 0 && ++roundsSinceForce >= THOROUGH_FLUSH_ROUNDS)) {
            forceNow();
            roundsSinceForce = 0;
        }
    }

    private void syncRound() {
        signaled.set(false);
        queueLock.lock();
        try {
            ArrayDeque<Waiter> t = draining;
            draining = waiting;
            waiting = t;
        } finally {
            queueLock.unlock();
        }
        if (draining.isEmpty()) {
            LockSupport.parkNanos(this, SYNC_IDLE_PARK_NS);
            return;
        }
        long flushed = forceNow();
        long now = clock.monotonicNs();
        Waiter w;
        while ((w = draining.poll()) != null) {
            boolean late = now - w.deadlineNs() > 0 || flushed < w.endOffset();
            w.future().complete(late ? w.ok().withStatus(PutStatus.FLUSH_DISK_TIMEOUT) : w.ok());
        }
    }

    private long forceNow() {
        long before = log.flushedOffset();
        long after = log.flush();
        if (after > before) {
            forces++;
        }
        return after;
    }

    /** Stops the thread, flushes what is left and answers every waiter. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long flushed = log.flush();
        queueLock.lock();
        try {
            for (ArrayDeque<Waiter> q : java.util.List.of(draining, waiting)) {
                Waiter w;
                while ((w = q.poll()) != null) {
                    w.future()
                            .complete(
                                    flushed >= w.endOffset()
                                            ? w.ok()
                                            : w.ok().withStatus(PutStatus.FLUSH_DISK_TIMEOUT));
                }
            }
        } finally {
            queueLock.unlock();
        }
    }
}
