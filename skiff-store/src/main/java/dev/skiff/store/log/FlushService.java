package dev.skiff.store.log;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * <p>SYNC (group commit): writers push (end offset, future) onto a lock-free stack; each round the
 * thread takes the whole stack, forces once up to the newest written offset, and completes them
 * all — concurrent writers share one {@code force} and never wait for each other on a lock. A
 * request completed later than {@code syncFlushTimeoutMs} after it was queued gets
 * FLUSH_DISK_TIMEOUT. At most {@code syncFlushPendingMax} requests wait; a writer beyond that is
 * answered FLUSH_DISK_TIMEOUT at once (its record is in the log, not confirmed on the device).
 */
public final class FlushService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlushService.class);
    private static final int PAGE_BYTES = 4096;
    private static final long SYNC_IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Dirty bytes that wake the async flush before its interval (bounds what a crash can lose). */
    static final long EARLY_FLUSH_BYTES = 16L << 20;
    /** Async rounds after which anything dirty is forced even below {@code flushDirtyPagesMin}. */
    static final int THOROUGH_FLUSH_ROUNDS = 20;

    private static final CompletableFuture<PutStatus> FLUSHED = CompletableFuture.completedFuture(PutStatus.PUT_OK);
    private static final CompletableFuture<PutStatus> NOT_CONFIRMED =
            CompletableFuture.completedFuture(PutStatus.FLUSH_DISK_TIMEOUT);

    /** A writer waiting for its end offset to be forced; a node of the lock-free stack. */
    private static final class Waiter {
        final long endOffset;
        final long deadlineNs;
        final CompletableFuture<PutStatus> future = new CompletableFuture<>();
        Waiter next;

        Waiter(long endOffset, long deadlineNs) {
            this.endOffset = endOffset;
            this.deadlineNs = deadlineNs;
        }
    }

    private final CommitLog log;
    private final StoreConfig config;
    private final SkiffClock clock;
    private final AtomicReference<Waiter> waiting = new AtomicReference<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
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

    /** Wakes the thread for a round now (an appender waits for staged bytes to be written). */
    public void wakeup() {
        if (signaled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * A stage completed with PUT_OK once {@code endOffset} is on the device (SYNC), or at once
     * (ASYNC, and SYNC when already forced): the shared completed stage, no allocation.
     */
    public CompletableFuture<PutStatus> whenFlushed(long endOffset) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC || log.flushedOffset() >= endOffset) {
            return FLUSHED;
        }
        if (!running || waitingCount.incrementAndGet() > config.syncFlushPendingMax()) {
            waitingCount.decrementAndGet();
            return NOT_CONFIRMED;
        }
        Waiter w =
                new Waiter(endOffset, clock.monotonicNs() + TimeUnit.MILLISECONDS.toNanos(config.syncFlushTimeoutMs()));
        Waiter head;
        do {
            head = waiting.get();
            w.next = head;
        } while (!waiting.compareAndSet(head, w));
        if (!running) {
            // close() may already have answered the stack; answer whatever is left, this one included
            answerAll(log.flushedOffset());
        } else if (signaled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
        return w.future;
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
        // take the waiters before forcing: each appended before it queued, so the force covers it
        Waiter taken = waiting.getAndSet(null);
        if (taken == null) {
            if (log.appendedOffset() > log.flushedOffset()) {
                // appended without a waiter yet (or staged with nobody waiting): on the device now
                forceNow();
            } else {
                LockSupport.parkNanos(this, SYNC_IDLE_PARK_NS);
            }
            return;
        }
        long flushed = forceNow();
        answer(taken, flushed, clock.monotonicNs());
    }

    /** Takes every waiter and answers it against {@code flushed} (close and late writers). */
    private void answerAll(long flushed) {
        answer(waiting.getAndSet(null), flushed, Long.MIN_VALUE);
    }

    /**
     * Completes a taken list of waiters: PUT_OK when {@code flushed} covers the waiter and it is not
     * past its deadline at {@code nowNs} ({@code Long.MIN_VALUE}: no deadline), else
     * FLUSH_DISK_TIMEOUT.
     */
    private void answer(Waiter w, long flushed, long nowNs) {
        int n = 0;
        for (; w != null; w = w.next) {
            boolean late = (nowNs != Long.MIN_VALUE && nowNs - w.deadlineNs > 0) || flushed < w.endOffset;
            w.future.complete(late ? PutStatus.FLUSH_DISK_TIMEOUT : PutStatus.PUT_OK);
            n++;
        }
        waitingCount.addAndGet(-n);
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
        answerAll(log.flush());
    }
}
