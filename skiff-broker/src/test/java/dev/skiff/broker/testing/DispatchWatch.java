package dev.skiff.broker.testing;

import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The store's arrival listener in processor tests: remembers how far each queue has been
 * dispatched, so a test can wait (bounded) until a record it appended is readable, and forwards
 * every arrival to a listener set later (a pull processor's long-polling service, which exists
 * only after the store is open).
 */
public final class DispatchWatch implements ArrivalListener {
    private final Map<String, Long> dispatchedEnd = new HashMap<>();
    private volatile ArrivalListener forward = ArrivalListener.NONE;

    /** Arrivals from now on also go to {@code listener}. */
    public void forwardTo(ArrivalListener listener) {
        this.forward = listener;
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        forward.onArrival(record);
        synchronized (this) {
            dispatchedEnd.merge(record.topic() + "@" + record.queueId(), record.queueOffset() + 1, Math::max);
            notifyAll();
        }
    }

    /** Waits at most {@code timeoutMs} until the queue's records below {@code endOffset} are dispatched. */
    public synchronized void awaitDispatched(String topic, int queueId, long endOffset, long timeoutMs)
            throws InterruptedException {
        String key = topic + "@" + queueId;
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (dispatchedEnd.getOrDefault(key, 0L) < endOffset) {
            long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0) {
                throw new AssertionError(key + " not dispatched to " + endOffset + " within " + timeoutMs + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, leftNs);
        }
    }
}
