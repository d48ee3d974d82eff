package dev.skiff.bench.harness;

/** How a producer sends: wait for each ack, keep a bounded number in flight, or never wait. */
public enum SendMode {
    /** One send at a time per thread; the thread waits for the broker's ack. */
    SYNC,
    /** Callbacks; at most {@code maxInFlight} sends unacknowledged across all threads. */
    ASYNC,
    /** Fire and forget; only the client-side send cost is measured. */
    ONEWAY
}
