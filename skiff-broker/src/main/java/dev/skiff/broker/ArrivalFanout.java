package dev.skiff.broker;

import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes each dispatched record to every listener added at wiring time (long polling, metrics). */
final class ArrivalFanout implements ArrivalListener {
    private final List<ArrivalListener> listeners = new CopyOnWriteArrayList<>();

    void add(ArrivalListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        for (ArrivalListener listener : listeners) {
            listener.onArrival(record);
        }
    }
}
