package dev.skiff.store.dispatch;

/**
 * Told of every record once it is in its consume queue, on the dispatcher thread. It must return
 * quickly (hand off, complete a future) and must not keep the record object: it is reused.
 */
@FunctionalInterface
public interface ArrivalListener {
    ArrivalListener NONE = record -> {};

    void onArrival(DispatchedRecord record);
}
