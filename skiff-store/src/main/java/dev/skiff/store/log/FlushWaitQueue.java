package dev.skiff.store.log;

import dev.skiff.store.FlushListener;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreHealth;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync-flush writers waiting for a force: a bounded ring of (end offset, deadline, listener)
 * slots allocated once, so queueing a waiter allocates nothing.
 *
 * <p>Many writers claim slots (a CAS on the tail) and publish each with a per-slot sequence number;
 * one answerer at a time (the flush thread, or whoever closes the store) walks them in claim order.
 * A slot is reused only after the answerer has read it and moved the head past it.
 */
final class FlushWaitQueue {
    private static final Logger LOG = LoggerFactory.getLogger(FlushWaitQueue.class);
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(FlushWaitQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final int mask;
    /** Slot {@code i} holds claim {@code c} once {@code sequence[i] == c + 1}. */
    private final long[] sequence;

    private final long[] endOffsets;
    private final long[] deadlines;
    private final FlushListener[] listeners;
    private final ReentrantLock answering = new ReentrantLock();

    /** The next claim to answer; written by the answerer only. */
    private volatile long head;
    /** The next claim to hand out. */
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;

    FlushWaitQueue(int capacity) {
        if (capacity <= 0 || capacity > 1 << 24) {
            throw new IllegalArgumentException("flush wait capacity out of range: " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(capacity);
        slots = slots == capacity ? slots : slots << 1;
        this.mask = slots - 1;
        this.sequence = new long[slots];
        this.endOffsets = new long[slots];
        this.deadlines = new long[slots];
        this.listeners = new FlushListener[slots];
    }

    /** Queues a waiter; false (nothing queued) when {@code capacity} waiters are already queued. */
    boolean offer(long endOffset, long deadlineNs, FlushListener listener) {
        long t;
        do {
            t = tail;
            if (t - head >= capacity) {
                return false;
            }
        } while (!TAIL.compareAndSet(this, t, t + 1));
        int i = (int) t & mask;
        endOffsets[i] = endOffset;
        deadlines[i] = deadlineNs;
        listeners[i] = listener;
        // volatile, not just release: a writer that then sees the store closed must be seen by close
        SEQUENCE.setVolatile(sequence, i, t + 1);
        return true;
    }

    /** Claims handed out so far: a force begun after reading this covers every one of them. */
    long claimed() {
        return tail;
    }

    /** True when no waiter is queued or being queued. */
    boolean isEmpty() {
        return tail == head;
    }

    /**
     * Answers the waiters claimed before {@code limit}, in claim order, and stops early at a slot
     * not yet published (its writer answers next round): PUT_OK when {@code flushed} covers it and
     * it is not past its deadline at {@code nowNs} ({@code Long.MIN_VALUE}: no deadline), else
     * FLUSH_DISK_TIMEOUT. Returns how many were answered.
     */
    int answer(long limit, long flushed, long nowNs) {
        return answer(limit, flushed, nowNs, PutStatus.FLUSH_DISK_TIMEOUT, null);
    }

    /**
     * Answers, after the log failed, the waiters claimed before {@code limit}: PUT_OK when {@code
     * flushed} (forced before the failure) covers it, else STORE_FAILED. Returns how many were
     * answered; each STORE_FAILED is counted in {@code health} before its listener is told.
     */
    int answerFailed(long limit, long flushed, StoreHealth health) {
        return answer(limit, flushed, Long.MIN_VALUE, PutStatus.STORE_FAILED, health);
    }

    private int answer(long limit, long flushed, long nowNs, PutStatus notCovered, StoreHealth health) {
        answering.lock();
        try {
            int n = 0;
            // head is re-read each time: a listener on this thread may have answered more already
            for (long h = head; h < limit; h = head) {
                int i = (int) h & mask;
                if ((long) SEQUENCE.getAcquire(sequence, i) != h + 1) {
                    break;
                }
                FlushListener listener = listeners[i];
                boolean covered = flushed >= endOffsets[i];
                boolean late = nowNs != Long.MIN_VALUE && nowNs - deadlines[i] > 0;
                listeners[i] = null;
                head = h + 1; // the slot may be reused from here on
                PutStatus status = !covered ? notCovered : late ? PutStatus.FLUSH_DISK_TIMEOUT : PutStatus.PUT_OK;
                if (health != null && status == PutStatus.STORE_FAILED) {
                    health.countFailedWaiters(1);
                }
                tell(listener, status);
                n++;
            }
            return n;
        } finally {
            answering.unlock();
        }
    }

    private static void tell(FlushListener listener, PutStatus status) {
        try {
            listener.flushed(status);
        } catch (RuntimeException e) {
            LOG.error("flush listener failed", e);
        }
    }
}
