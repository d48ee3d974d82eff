package dev.skiff.store;

import dev.skiff.store.recovery.RecoveryResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker calls. Appends complete a future (at once with async flush, after the shared
 * force with sync flush); reads return zero-copy views that must be closed.
 */
public interface MessageStore extends AutoCloseable {

    /** Recovers from disk and starts the store's threads. Returns what recovery found. */
    RecoveryResult start();

    /** Appends one message. */
    CompletableFuture<PutResult> putMessage(MessageToStore message);

    /** Appends a batch contiguously, all or nothing. */
    CompletableFuture<PutResult> putMessages(List<MessageToStore> batch);

    /**
     * Reads up to {@code maxCount} records (and about {@code maxBytes}; at least one record when
     * any matches) of a queue from {@code offset}, keeping those the filter accepts.
     */
    GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter);

    long minOffsetInQueue(String topic, int queueId);

    /** The offset the next message of the queue will get (0 for an unknown queue). */
    long maxOffsetInQueue(String topic, int queueId);

    /** Binary search of the queue by store time. */
    long offsetInQueueByTime(String topic, int queueId, long timestampMs, BoundaryType boundary);

    /** The record at a commit-log offset (from an offset message id); empty lease if none. */
    RecordLease lookMessageByOffset(long physicalOffset);

    /**
     * Records of {@code topic} whose KEYS hold {@code key} or whose UNIQ_KEY equals it, stored
     * within [beginMs, endMs], newest first.
     */
    RecordLease queryMessages(String topic, String key, int maxCount, long beginMs, long endMs);

    long commitLogMinOffset();

    long commitLogMaxOffset();

    /** Clean shutdown: flushes, writes the checkpoint, removes the abort marker. */
    @Override
    void close();
}
