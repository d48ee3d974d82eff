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
 * <p>SYNC (group commit): writers push (end offset, future), or a batch for this thread to append
 * ({@link #appendAndFlush}), onto a lock-free stack; each round the thread takes the whole stack,
 * appends the handed-over batches in order, forces once up to the newest written offset, and
 * completes them all — concurrent writers share one {@code force} and never wait for each other on a lock. A
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

    /**
     * A writer waiting for its end offset to be forced, or (with a batch) for the flush thread to
     * append its batch and then force it; a node of the lock-free stack.
     */
    private static final class Waiter {
        final EncodedBatch batch;
        final long deadlineNs;
        final CompletableFuture<PutStatus> future = new CompletableFuture<>();
        long endOffset;
        PutStatus refused;
        Waiter next;

        Waiter(EncodedBatch batch, long endOffset, long deadlineNs) {
            this.batch = batch;
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

    /**
     * A stage completed with PUT_OK once {@code endOffset} is on the device (SYNC), or at once
     * (ASYNC, and SYNC when already forced): the shared completed stage, no allocation.
     */
    public CompletableFuture<PutStatus> whenFlushed(long endOffset) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC || log.flushedOffset() >= endOffset) {
            return FLUSHED;
        }
        Waiter w = enqueue(null, endOffset);
        return w == null ? NOT_CONFIRMED : w.future;
    }

    /**
     * SYNC group commit with the append done here: the flush thread appends every handed-over batch
     * in hand-over order, forces once, and completes each future with PUT_OK, FLUSH_DISK_TIMEOUT
     * (forced too late) or the append's refusal (nothing stored). Writers then never contend for
     * the append lock and wake once. The batch belongs to the flush thread until the future
     * completes; its offsets are readable after that. Null when the batch cannot be taken (ASYNC,
     * stopping, or {@code syncFlushPendingMax} waiting): append it directly instead.
     */
    public CompletableFuture<PutStatus> appendAndFlush(EncodedBatch batch) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC) {
            return null;
        }
        Waiter w = enqueue(batch, Long.MAX_VALUE);
        return w == null ? null : w.future;
    }

    private Waiter enqueue(EncodedBatch batch, long endOffset) {
        if (!running || waitingCount.incrementAndGet() > config.syncFlushPendingMax()) {
            waitingCount.decrementAndGet();
            return null;
        }
        Waiter w = new Waiter(
                batch, endOffset, clock.monotonicNs() + TimeUnit.MILLISECONDS.toNanos(config.syncFlushTimeoutMs()));
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
        return w;
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
            LockSupport.parkNanos(this, SYNC_IDLE_PARK_NS);
            return;
        }
        taken = appendHandedOver(taken);
        long flushed = forceNow();
        answer(taken, flushed, clock.monotonicNs());
    }

    /** Reverses the taken stack into hand-over order and appends the batches it carries. */
    private Waiter appendHandedOver(Waiter taken) {
        Waiter fifo = null;
        while (taken != null) {
            Waiter next = taken.next;
            taken.next = fifo;
            fifo = taken;
            taken = next;
        }
        for (Waiter w = fifo; w != null; w = w.next) {
            if (w.batch != null) {
                PutStatus s = log.append(w.batch);
                if (s == PutStatus.PUT_OK) {
                    w.endOffset = w.batch.endOffset();
                } else {
                    w.refused = s;
                }
            }
        }
        return fifo;
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
            n++;
            if (w.refused != null) {
                w.future.complete(w.refused);
            } else if (w.batch != null && w.endOffset == Long.MAX_VALUE) {
                w.future.complete(PutStatus.SERVICE_NOT_AVAILABLE); // stopped before it was appended
            } else {
                boolean late = (nowNs != Long.MIN_VALUE && nowNs - w.deadlineNs > 0) || flushed < w.endOffset;
                w.future.complete(late ? PutStatus.FLUSH_DISK_TIMEOUT : PutStatus.PUT_OK);
            }
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
