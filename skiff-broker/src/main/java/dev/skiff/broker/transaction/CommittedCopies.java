package dev.skiff.broker.transaction;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.BoundaryType;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Makes a commit idempotent across a crash. A commit writes two records, in this order: the
 * committed copy to the real topic, then the op record that marks the half message decided. A
 * crash (or a refused op append) between the two leaves a copy whose half still looks undecided;
 * the check-back then asks the producer again, which answers COMMIT again. Before storing a copy,
 * the commit path asks {@link #find} whether one is already in the log; if so only the op record
 * is written.
 *
 * <p>A copy is recognised by what a commit always writes: the real topic and queue of the half, its
 * {@code UNIQ_KEY}, the commit transaction type in its sysFlag, and the half's commit-log offset
 * as its prepared-transaction offset (the last two no producer can send). It is looked up
 *
 * <ol>
 *   <li>through the key index (topic + unique id, stored since the half), and, when that finds
 *       nothing (an index turned off or lost),
 *   <li>by reading the real queue from the half's store time on, at most {@link #SCAN_MAX}
 *       entries.
 * </ol>
 *
 * Only half messages that can have such a copy are looked up, so a normal commit costs nothing
 * more: those stored before this broker started (a crash can only have happened then), and those
 * whose op record this run failed to write after storing the copy ({@link #storedWithoutOp}).
 * Until the dispatcher has indexed the log as it was at start, the answer is {@link
 * Found#NOT_YET} and the decision is refused for now (the check-back asks again).
 */
final class CommittedCopies {
    /** Real-queue entries read at most when the index finds no copy. */
    static final int SCAN_MAX = 20_000;
    /** Copies known stored without their op record, kept at most (oldest dropped first). */
    static final int STORED_WITHOUT_OP_MAX = 10_000;

    private static final int INDEX_HITS_MAX = 32;
    private static final int READ_BATCH = 256;
    private static final int READ_BYTES_MAX = 4 << 20;

    /** The answer of {@link #find}. */
    enum Found {
        /** A committed copy of the half is in the log: write the op record only. */
        YES,
        /** None: store the copy. */
        NO,
        /** Cannot tell until the dispatcher has caught up with the log as it was at start. */
        NOT_YET
    }

    private final MessageStore store;
    private final LongSupplier dispatchedOffset;
    private final long logEndAtStart;
    private final Set<Long> storedWithoutOp = Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > STORED_WITHOUT_OP_MAX;
        }
    });

    /**
     * @param dispatchedOffset the commit-log offset up to which queues and index are built
     * @param logEndAtStart the commit log's end when this broker started
     */
    CommittedCopies(MessageStore store, LongSupplier dispatchedOffset, long logEndAtStart) {
        this.store = store;
        this.dispatchedOffset = dispatchedOffset;
        this.logEndAtStart = logEndAtStart;
    }

    /** This run stored the copy of the half at {@code halfCommitLogOffset} but not its op record. */
    synchronized void storedWithoutOp(long halfCommitLogOffset) {
        storedWithoutOp.add(halfCommitLogOffset);
    }

    /** Whether a committed copy of {@code half} is already in the log. */
    Found find(StoredMessage half) {
        long halfOffset = half.physicalOffset();
        synchronized (this) {
            if (storedWithoutOp.contains(halfOffset)) {
                return Found.YES;
            }
        }
        if (halfOffset >= logEndAtStart) {
            return Found.NO;
        }
        if (dispatchedOffset.getAsLong() < logEndAtStart) {
            return Found.NOT_YET;
        }
        String topic = CheckMessage.realTopic(half);
        int queueId = CheckMessage.realQueueId(half);
        String uniqKey = half.property(MessageProperties.UNIQ_KEY);
        if (topic == null || queueId < 0) {
            return Found.NO;
        }
        if (uniqKey != null && foundByIndex(topic, uniqKey, half)) {
            return Found.YES;
        }
        return foundInQueue(topic, queueId, half) ? Found.YES : Found.NO;
    }

    private boolean foundByIndex(String topic, String uniqKey, StoredMessage half) {
        try (RecordLease lease =
                store.queryMessages(topic, uniqKey, INDEX_HITS_MAX, half.storeTimestampMs() - 1_000, Long.MAX_VALUE)) {
            for (SelectedRecord r : lease.records()) {
                if (isCopyOf(r, half)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean foundInQueue(String topic, int queueId, StoredMessage half) {
        long offset = Math.max(
                store.minOffsetInQueue(topic, queueId),
                store.offsetInQueueByTime(topic, queueId, half.storeTimestampMs() - 1_000, BoundaryType.LOWER));
        int read = 0;
        while (read < SCAN_MAX) {
            try (GetResult r =
                    store.getMessages(topic, queueId, offset, READ_BATCH, READ_BYTES_MAX, MessageFilter.ALL)) {
                if (r.records().isEmpty()) {
                    return false;
                }
                for (SelectedRecord record : r.records()) {
                    if (isCopyOf(record, half)) {
                        return true;
                    }
                    offset = record.queueOffset() + 1;
                    read++;
                }
            }
        }
        return false;
    }

    private static boolean isCopyOf(SelectedRecord record, StoredMessage half) {
        StoredMessage m;
        try {
            m = StoredRecordDecoder.decode(record.buffer(), record.buffer().position());
        } catch (RecordFormatException e) {
            return false;
        }
        return m.preparedTransactionOffset() == half.physicalOffset()
                && TransactionNames.type(m.sysFlag()) == TransactionNames.COMMIT_TYPE;
    }
}
