package dev.skiff.broker.ha;

import dev.skiff.store.PutStatus;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync sends waiting for their slaves: a bounded ring of (end offset, acks needed, deadline,
 * listener) slots allocated once, so queueing a waiter allocates nothing. Senders add under a short
 * lock; one answerer at a time walks the ring in order: a slave's report answers every waiter it
 * covers in one pass (group commit), and a waiter past its deadline gets FLUSH_SLAVE_TIMEOUT. The
 * walk stops at the first waiter neither covered nor late: waiters come in append order, so the
 * ones behind it need at least as much.
 */
final class ReplicaAckQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaAckQueue.class);

    /** Told once how a waiter's replication ended; runs on the answering thread, must not block. */
    @FunctionalInterface
    interface Listener {
        void replicated(PutStatus status);
    }

    /** Whether the slaves' acknowledgements cover a waiter (its end offset, the acks it needs). */
    @FunctionalInterface
    interface AckCount {
        boolean covers(long offset, int needed);
    }

    private final int capacity;
    private final int mask;
    private final long[] endOffsets;
    private final int[] needs;
    private final long[] deadlines;
    private final Listener[] listeners;
    private final ReentrantLock adding = new ReentrantLock();
    private final ReentrantLock answering = new ReentrantLock();
    /** Next slot to answer; written by the answerer only. */
    private volatile long head;
    /** Next slot to fill; written under {@link #adding}, after the slot. */
    private volatile long tail;

    ReplicaAckQueue(int capacity) {
        if (capacity <= 0 || capacity > 1 << 20) {
            throw new IllegalArgumentException("replica wait capacity out of range: " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(capacity);
        slots = slots == capacity ? slots : slots << 1;
        this.mask = slots - 1;
        this.endOffsets = new long[slots];
        this.needs = new int[slots];
        this.deadlines = new long[slots];
        this.listeners = new Listener[slots];
    }

    /** Queues a waiter; false (nothing queued) when {@code capacity} already wait. */
    boolean offer(long endOffset, int acksNeeded, long deadlineNs, Listener listener) {
        adding.lock();
        try {
            long t = tail;
            if (t - head >= capacity) {
                return false;
            }
            int i = (int) t & mask;
            endOffsets[i] = endOffset;
            needs[i] = acksNeeded;
            deadlines[i] = deadlineNs;
            listeners[i] = listener;
            tail = t + 1;
            return true;
        } finally {
            adding.unlock();
        }
    }

    boolean isEmpty() {
        return head == tail;
    }

    int size() {
        return (int) (tail - head);
    }

    /** Answers, in order, the waiters {@code acks} covers or that are late at {@code nowNs}. */
    int answer(AckCount acks, long nowNs) {
        answering.lock();
        try {
            int n = 0;
            for (long h = head; h < tail; h = head) {
                int i = (int) h & mask;
                boolean covered = acks.covers(endOffsets[i], needs[i]);
                if (!covered && nowNs - deadlines[i] <= 0) {
                    break;
                }
                Listener listener = listeners[i];
                listeners[i] = null;
                head = h + 1;
                tell(listener, covered ? PutStatus.PUT_OK : PutStatus.FLUSH_SLAVE_TIMEOUT);
                n++;
            }
            return n;
        } finally {
            answering.unlock();
        }
    }

    /** Answers every waiter with {@code status} (shutdown). */
    int answerAll(PutStatus status) {
        answering.lock();
        try {
            int n = 0;
            for (long h = head; h < tail; h = head) {
                int i = (int) h & mask;
                Listener listener = listeners[i];
                listeners[i] = null;
                head = h + 1;
                tell(listener, status);
                n++;
            }
            return n;
        } finally {
            answering.unlock();
        }
    }

    private static void tell(Listener listener, PutStatus status) {
        try {
            listener.replicated(status);
        } catch (RuntimeException e) {
            LOG.error("replica wait listener failed", e);
        }
    }
}
