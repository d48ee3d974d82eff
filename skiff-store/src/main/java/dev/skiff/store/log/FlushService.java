package dev.skiff.store.log;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Agent;
import dev.skiff.common.concurrent.AgentRunner;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.store.FlushListener;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that forces the commit log to the device: an {@link AgentRunner} named {@code
 * skiff-store-flush}, one round per duty cycle. A round that throws is logged (rate-limited by the
 * runner) and counts as an idle one.
 *
 * <p>ASYNC: writers are acknowledged at once. Every {@code flushIntervalMs} (its idle park after
 * each round, cut short by a wake-up) the thread forces what
 * was written if at least {@code flushDirtyPagesMin} 4 KiB pages are dirty, or whatever is dirty
 * once {@link #THOROUGH_FLUSH_ROUNDS} rounds passed without a force; it wakes early only when
 * {@link #EARLY_FLUSH_BYTES} are dirty. Waking per few pages written would cost one {@code msync}
 * per handful of messages: at 15,000 msg/s of 1 KiB that was 2 s of kernel time every 15 s.
 *
 * <p>SYNC (group commit): writers queue (end offset, listener) in a ring allocated once
 * ({@link FlushWaitQueue}); each round the thread notes how many are queued, forces once up to the
 * newest appended offset, and answers them all — concurrent writers share one {@code force} and never wait for each other on a lock. A
 * request completed later than {@code syncFlushTimeoutMs} after it was queued gets
 * FLUSH_DISK_TIMEOUT. At most {@code syncFlushPendingMax} requests wait; a writer beyond that is
 * answered FLUSH_DISK_TIMEOUT at once (its record is in the log, not confirmed on the device).
 *
 * <p>Failure (fail-stop, {@link StoreHealth}): when a write or force of the log fails, every waiter
 * not covered by an earlier successful force is answered STORE_FAILED at once, and so is every
 * later one; no force is tried again (a later success would not prove the earlier bytes reached the
 * device). Under ASYNC flush the writers were already answered; the store refuses new appends.
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

    /** The future of {@link #whenFlushed(long)}: its own listener, one allocation per wait. */
    private static final class FlushFuture extends CompletableFuture<PutStatus> implements FlushListener {
        @Override
        public void flushed(PutStatus status) {
            complete(status);
        }
    }

    private final CommitLog log;
    private final StoreConfig config;
    private final SkiffClock clock;
    /** Sync writers waiting for a force (null under ASYNC flush, where nobody waits). */
    private final FlushWaitQueue waiting;

    private final StoreHealth health;

    private final AtomicBoolean signaled = new AtomicBoolean();
    private volatile AgentRunner runner;
    private volatile boolean running = true;
    private long forces;
    /** Force durations: 100 µs .. 1 s. */
    private final Buckets forceMicros = new Buckets(100, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 1_000_000);
    /** Bytes per force: 4 KiB .. 64 MiB. */
    private final Buckets forcedBytes =
            new Buckets(4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20, 64 << 20);

    private int roundsSinceForce;
    /** Whether the first interval has passed (ASYNC checks only after one); flush thread only. */
    private boolean intervalPassed;

    public FlushService(CommitLog log, StoreConfig config, SkiffClock clock) {
        this.log = log;
        this.config = config;
        this.clock = clock;
        this.health = log.health();
        this.waiting = config.flushMode() == StoreConfig.FlushMode.SYNC
                ? new FlushWaitQueue(config.syncFlushPendingMax())
                : null;
    }

    /** Starts the flush thread. */
    public void start() {
        runner = AgentRunner.start(new Rounds(), this::idle, clock);
    }

    /** Unparks the flush thread (harmless before {@link #start}). */
    private void unpark() {
        AgentRunner r = runner;
        if (r != null) {
            r.wake();
        }
    }

    /** Called after each append: wakes the thread early when many bytes are dirty (ASYNC). */
    public void onAppended(long writtenOffset) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC
                && writtenOffset - log.flushedOffset() >= EARLY_FLUSH_BYTES
                && signaled.compareAndSet(false, true)) {
            unpark();
        }
    }

    /** Wakes the thread for a round now (an appender waits for staged bytes to be written). */
    public void wakeup() {
        if (signaled.compareAndSet(false, true)) {
            unpark();
        }
    }

    /**
     * A stage completed with PUT_OK once {@code endOffset} is on the device (SYNC), or at once
     * (ASYNC, and SYNC when already forced): then the shared completed stage, no allocation.
     */
    public CompletableFuture<PutStatus> whenFlushed(long endOffset) {
        if (isFlushed(endOffset)) {
            return FLUSHED;
        }
        FlushFuture f = new FlushFuture();
        whenFlushed(endOffset, f);
        return f;
    }

    /**
     * Tells {@code listener} once {@code endOffset} is on the device (SYNC; on the flush thread) or
     * at once (ASYNC, SYNC when already forced; on this thread). FLUSH_DISK_TIMEOUT at once when
     * {@code syncFlushPendingMax} writers already wait, or later when the force comes after
     * {@code syncFlushTimeoutMs}. Allocates nothing.
     */
    public void whenFlushed(long endOffset, FlushListener listener) {
        if (isFlushed(endOffset)) {
            listener.flushed(PutStatus.PUT_OK);
            return;
        }
        if (!health.isHealthy()) {
            health.countFailedWaiters(1);
            listener.flushed(PutStatus.STORE_FAILED);
            return;
        }
        long deadline = clock.monotonicNs() + TimeUnit.MILLISECONDS.toNanos(config.syncFlushTimeoutMs());
        if (!running || !waiting.offer(endOffset, deadline, listener)) {
            listener.flushed(PutStatus.FLUSH_DISK_TIMEOUT);
            return;
        }
        if (!running || !health.isHealthy()) {
            // close() or a failed force may already have answered the queue: answer what is left,
            // this one included (the latch is set before the flush thread answers, so one of the
            // two sees the other)
            answerAll(log.flushedOffset());
        } else if (signaled.compareAndSet(false, true)) {
            unpark();
        }
    }

    private boolean isFlushed(long endOffset) {
        return config.flushMode() == StoreConfig.FlushMode.ASYNC || log.flushedOffset() >= endOffset;
    }

    /** Number of device forces so far (for tests of group commit). */
    public long forces() {
        return forces;
    }

    /** The flush thread's duty cycle: one sync or async round. */
    private final class Rounds implements Agent {
        @Override
        public int doWork() {
            return config.flushMode() == StoreConfig.FlushMode.SYNC ? syncRound() : asyncRound();
        }

        @Override
        public String roleName() {
            return "skiff-store-flush";
        }
    }

    /**
     * The flush thread's idle strategy: ASYNC parks {@code flushIntervalMs} after every round (the
     * interval between two checks); SYNC parks {@link #SYNC_IDLE_PARK_NS} after a round that had
     * nothing to force, and goes on at once after one that forced.
     */
    private void idle(int work) {
        if (config.flushMode() == StoreConfig.FlushMode.ASYNC) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(config.flushIntervalMs()));
        } else if (work == 0) {
            LockSupport.parkNanos(this, SYNC_IDLE_PARK_NS);
        }
    }

    /** Forces when enough is dirty; returns 1 when it forced. The first round only starts the interval. */
    private int asyncRound() {
        if (!intervalPassed) {
            intervalPassed = true;
            return 0;
        }
        signaled.set(false);
        if (!running) {
            return 0;
        }
        long dirty = log.writtenOffset() - log.flushedOffset();
        if (dirty >= (long) config.flushDirtyPagesMin() * PAGE_BYTES
                || (dirty > 0 && ++roundsSinceForce >= THOROUGH_FLUSH_ROUNDS)) {
            forceNow();
            roundsSinceForce = 0;
            return 1;
        }
        return 0;
    }

    /** Forces for the queued waiters (or unwaited appends) and answers them; 0 when there was nothing to do. */
    private int syncRound() {
        signaled.set(false);
        if (!health.isHealthy()) {
            answerAll(log.flushedOffset()); // stragglers queued after the failure was answered
            return 0;
        }
        // every waiter claimed before the force began appended before it claimed: the force covers it
        long claimed = waiting.claimed();
        if (waiting.isEmpty()) {
            if (log.appendedOffset() > log.flushedOffset()) {
                // appended without a waiter yet (or staged with nobody waiting): on the device now
                forceNow();
                return 1;
            }
            return 0;
        }
        long flushed = forceNow();
        if (!health.isHealthy()) {
            answerAll(flushed);
            return 1;
        }
        waiting.answer(claimed, flushed, clock.monotonicNs());
        return 1;
    }

    /**
     * Answers every queued waiter against {@code flushed}, deadlines aside (close, late writers,
     * failure): those it does not cover get STORE_FAILED once the log failed, else
     * FLUSH_DISK_TIMEOUT.
     */
    private void answerAll(long flushed) {
        if (waiting == null) {
            return;
        }
        if (health.isHealthy()) {
            waiting.answer(waiting.claimed(), flushed, Long.MIN_VALUE);
        } else {
            waiting.answerFailed(waiting.claimed(), flushed, health);
        }
    }

    private long forceNow() {
        long before = log.flushedOffset();
        long startNs = clock.monotonicNs();
        long after = log.flush();
        if (after > before) {
            forces++;
            forceMicros.observe((clock.monotonicNs() - startNs) / 1_000);
            forcedBytes.observe(after - before);
        }
        return after;
    }

    /** Time each force took that wrote something, in microseconds (flush thread only writes). */
    public Buckets forceMicros() {
        return forceMicros;
    }

    /**
     * Bytes each force made durable: the group commit's size under SYNC_FLUSH, the dirty bytes of
     * a round under ASYNC_FLUSH.
     */
    public Buckets forcedBytes() {
        return forcedBytes;
    }

    /** Stops the thread, flushes what is left and answers every waiter. */
    @Override
    public void close() {
        running = false;
        AgentRunner r = runner;
        if (r != null) {
            try {
                r.close();
            } catch (IllegalStateException e) {
                LOG.warn("closing anyway: {}", e.getMessage()); // a force hangs; answer the waiters below
            }
        }
        answerAll(log.flush());
    }
}
