package dev.skiff.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * What the broker calls. Appends fill a caller-owned receipt and a flush stage tells when they are
 * on the device (at once with async flush, after the shared force with sync flush); reads return
 * zero-copy views that must be closed.
 */
public interface MessageStore extends AutoCloseable {

    /** Recovers from disk and starts the store's threads. Returns what recovery found. */
    RecoveryResult start();

    /**
     * Appends one message and tells where it went in {@code receipt}; allocates nothing. PUT_OK
     * means the record is in the log (and will be dispatched); {@link #whenFlushed} with the
     * receipt's end offset tells when it is on the device. Any other status: nothing was appended.
     */
    PutStatus append(MessageToStore message, PutReceipt receipt);

    /** Appends a batch contiguously, all or nothing; as {@link #append}. */
    PutStatus appendAll(List<MessageToStore> batch, PutReceipt receipt);

    /**
     * As {@link #append}, for a thread that must never wait (a network I/O thread): WOULD_WAIT,
     * with nothing appended, when the append would wait for another appender, a segment roll or
     * room in the staging buffer, or would write through a system call.
     */
    PutStatus appendWithoutWaiting(MessageToStore message, PutReceipt receipt);

    /** As {@link #appendAll}, never waiting, as {@link #appendWithoutWaiting}. */
    PutStatus appendAllWithoutWaiting(List<MessageToStore> batch, PutReceipt receipt);

    /**
     * Completes with PUT_OK once the log is on the device up to {@code endOffset}: at once (a shared
     * completed future: never obtrude a value on it) under async flush, after the shared force under sync flush, or with
     * FLUSH_DISK_TIMEOUT when that takes longer than the configured timeout.
     */
    CompletableFuture<PutStatus> whenFlushed(long endOffset);

    /**
     * As {@link #whenFlushed(long)}, without allocating: {@code listener} is told once, at once on
     * this thread or later on the store's flush thread (so it must not block). A caller that keeps
     * a listener per pending append, or a {@link FlushWait} per blocking thread, allocates nothing
     * per append.
     */
    void whenFlushed(long endOffset, FlushListener listener);

    /** Appends one message; the future completes as {@link #whenFlushed} does. */
    default CompletableFuture<PutResult> putMessage(MessageToStore message) {
        PutReceipt receipt = new PutReceipt();
        return settle(append(message, receipt), receipt);
    }

    /** Appends a batch contiguously, all or nothing; the future completes as {@link #whenFlushed} does. */
    default CompletableFuture<PutResult> putMessages(List<MessageToStore> batch) {
        PutReceipt receipt = new PutReceipt();
        return settle(appendAll(batch, receipt), receipt);
    }

    /**
     * As {@link #putMessage}, never waiting: null, with nothing appended, when the append would wait
     * (see {@link #appendWithoutWaiting}).
     */
    default CompletableFuture<PutResult> putMessageWithoutWaiting(MessageToStore message) {
        PutReceipt receipt = new PutReceipt();
        PutStatus appended = appendWithoutWaiting(message, receipt);
        return appended == PutStatus.WOULD_WAIT ? null : settle(appended, receipt);
    }

    /** As {@link #putMessages}, never waiting: null when the append would wait. */
    default CompletableFuture<PutResult> putMessagesWithoutWaiting(List<MessageToStore> batch) {
        PutReceipt receipt = new PutReceipt();
        PutStatus appended = appendAllWithoutWaiting(batch, receipt);
        return appended == PutStatus.WOULD_WAIT ? null : settle(appended, receipt);
    }

    private CompletableFuture<PutResult> settle(PutStatus appended, PutReceipt receipt) {
        if (appended != PutStatus.PUT_OK) {
            return CompletableFuture.completedFuture(PutResult.refused(appended));
        }
        return whenFlushed(receipt.endOffset()).thenApply(receipt::toResult);
    }

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
     * within [beginMs, endMs], newest first. Records written before the topic was deleted are left
     * out, also when it was created again.
     */
    RecordLease queryMessages(String topic, String key, int maxCount, long beginMs, long endMs);

    /**
     * Deletes the consume queues of {@code topic}, their files and folders; its records stay in the
     * commit log until retention removes them. Each queue keeps counting: its min and max offsets
     * both become the offset the next record of the queue gets, so nothing from before is readable
     * and no offset is given twice, also after a restart or a crash; queries by key leave the old
     * records out. A record appended after the delete creates the queue again at that offset. Each
     * queue's offset is kept in a small watermark file until retention has removed every commit-log
     * segment from before the delete and the queues carry the offsets again (or the topic was not
     * created again, which is then forgotten). Blocks the caller for about a dispatch round and
     * a file sync; throws {@link IllegalStateException} when the store is not running and {@link
     * java.io.UncheckedIOException} when a file cannot be written or deleted.
     */
    void deleteTopic(String topic);

    /**
     * Changes how long commit-log segments are kept and the hour (in the store's retention zone)
     * expired ones are deleted, from the next retention run on; the only store settings that change
     * while it runs. Throws {@link IllegalArgumentException} for a non-positive time or an hour
     * outside 0..23.
     */
    void setRetention(long fileReservedMs, int deleteHourOfDay);

    /**
     * Deletes the commit-log segments past their retention time now, without waiting for the delete
     * hour, at most {@code segmentsDeletedPerRunMax} of them (call again for more); consume-queue
     * and index files follow as after a scheduled run. Returns how many segments went. Throws
     * {@link IllegalStateException} when the store is not running.
     */
    int deleteExpiredSegmentsNow();

    /**
     * Topics with consume queues that hold or held entries, in no particular order (a deleted topic
     * is not among them).
     */
    List<String> topicsWithQueues();

    /**
     * Deletes, as {@link #deleteTopic} does, the consume queues of each topic whose records
     * retention has all removed, except those {@code keep} accepts; offsets continue where they
     * were, so readers see no change. Checked and deleted between two dispatch rounds, so a record
     * that arrives meanwhile keeps its topic. Returns the topics cleaned.
     */
    List<String> cleanExpiredQueues(Predicate<String> keep);

    /**
     * Whether the commit log can still be written: after a failed write or force the store refuses
     * writes until restarted ({@link StoreHealth}); the operator sees it in the broker status.
     */
    StoreHealth health();

    /**
     * The commit log as replication reads and writes it (raw bytes by offset). Throws {@link
     * UnsupportedOperationException} for a store that cannot replicate.
     */
    default ReplicaLog replicaLog() {
        throw new UnsupportedOperationException("this store does not replicate");
    }

    /**
     * Cuts the commit log at {@code offset} (a record boundary) and drops the consume-queue and
     * index entries of the records past it; dispatch resumes there. For a replica whose log holds
     * records its new master never had. The caller guarantees no append runs meanwhile (a slave's
     * appends are refused and its replication client is stopped). Returns the log's end after.
     * Throws {@link UnsupportedOperationException} for a store that cannot replicate.
     */
    default long truncateTo(long offset) {
        throw new UnsupportedOperationException("this store cannot truncate");
    }

    /**
     * A replica about to take writes: waits (bounded by {@code timeoutMs}) until every replicated
     * record is dispatched, then sets the next queue offset of every queue from its consume queue,
     * as recovery does (replicated appends do not move them). Returns false, changing nothing, when
     * dispatch did not catch up in time. The caller guarantees no append runs meanwhile.
     */
    default boolean adoptQueueOffsets(long timeoutMs) {
        throw new UnsupportedOperationException("this store does not replicate");
    }

    long commitLogMinOffset();

    long commitLogMaxOffset();

    /** Clean shutdown: flushes, writes the checkpoint, removes the abort marker. */
    @Override
    void close();
}
