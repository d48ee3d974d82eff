package dev.skiff.bench.client;

import java.util.List;

/** A started producer. Every method may be called from many threads at once. */
public interface LoadProducer extends AutoCloseable {

    /** Sends one message, or a batch (all to the same topic), and waits for the ack. */
    void sendSync(List<BenchMessage> messages) throws Exception;

    /**
     * Sends one message or a batch without waiting; {@code done} runs exactly once, with null on
     * success or the failure.
     */
    void sendAsync(List<BenchMessage> messages, Completion done);

    /** Sends one message without an ack. */
    void sendOneway(BenchMessage message) throws Exception;

    @Override
    void close();

    /** Outcome of an async send. */
    @FunctionalInterface
    interface Completion {
        void done(Throwable failure);
    }
}
