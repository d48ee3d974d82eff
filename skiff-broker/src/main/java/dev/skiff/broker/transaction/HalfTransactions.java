package dev.skiff.broker.transaction;

import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.io.JsonTableFile;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.PutReceipt;
import dev.skiff.store.PutStatus;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The half messages of this broker and the decisions on them: owns the {@link HalfLedger} (under
 * this object's monitor, the one lock of the package), reads the half and op queues into it, writes
 * op records, and persists the ledger's snapshot to {@code config/transactionProgress.json}.
 *
 * <p>Reading is incremental: each {@link #catchUp} reads the op queue and then the half queue from
 * where the last one stopped, at most {@link #READ_PER_CATCH_UP_MAX} records of each, so a round
 * costs what arrived since the last one. After a restart the snapshot gives the positions and the
 * undecided entries; the records written after the snapshot are read again (see {@link
 * HalfLedger}).
 *
 * <p>The progress is also shown in the consumer offset table under the group {@code
 * CID_SYS_RMQ_TRANS}: on the half topic the lowest undecided half offset, on the op topic the op
 * position; so {@code mqadmin consumerProgress} shows undecided half messages as lag.
 */
public final class HalfTransactions {
    static final int READ_PER_CATCH_UP_MAX = 20_000;
    private static final int READ_BATCH_MAX = 64;
    private static final int READ_BYTES_MAX = 1 << 20;

    private final MessageStore store;
    private final ConsumerOffsetTable offsets;
    private final HostAddress storeHost;
    private final SkiffClock clock;
    private final JsonTableFile file;
    private final HalfLedger ledger;
    private final CommittedCopies copies;
    private final PutReceipt opReceipt = new PutReceipt();
    /** Taken before this object's monitor, never after it: keeps snapshot writes in order. */
    private final Object persistLock = new Object();

    private long skippedHalves; // guarded by this
    private long recordsRead; // guarded by this
    private boolean dirty; // guarded by this

    private HalfTransactions(
            MessageStore store,
            ConsumerOffsetTable offsets,
            HostAddress storeHost,
            SkiffClock clock,
            JsonTableFile file,
            HalfLedger ledger,
            CommittedCopies copies) {
        this.store = store;
        this.copies = copies;
        this.offsets = offsets;
        this.storeHost = storeHost;
        this.clock = clock;
        this.file = file;
        this.ledger = ledger;
    }

    /** As {@link #open(Path, MessageStore, ConsumerOffsetTable, HostAddress, SkiffClock, long, int, LongSupplier)} with a store that dispatches as it appends. */
    public static HalfTransactions open(
            Path file,
            MessageStore store,
            ConsumerOffsetTable offsets,
            HostAddress storeHost,
            SkiffClock clock,
            long timeoutMs,
            int pendingMax)
            throws IOException {
        return open(file, store, offsets, storeHost, clock, timeoutMs, pendingMax, () -> Long.MAX_VALUE);
    }

    /**
     * Opens the progress file (or its backup, if it is damaged; or starts at the beginning of both
     * queues). Call after the store recovered: the commit log's end now is where a crash may have
     * left committed copies without their op record ({@link CommittedCopies}).
     *
     * @param dispatchedOffset the commit-log offset up to which the store built queues and index
     */
    public static HalfTransactions open(
            Path file,
            MessageStore store,
            ConsumerOffsetTable offsets,
            HostAddress storeHost,
            SkiffClock clock,
            long timeoutMs,
            int pendingMax,
            LongSupplier dispatchedOffset)
            throws IOException {
        JsonTableFile table = new JsonTableFile(file);
        HalfLedger ledger = table.read(snapshot -> {
            HalfLedger loaded = new HalfLedger(timeoutMs, pendingMax);
            loaded.load(snapshot);
            return loaded;
        });
        HalfTransactions t = new HalfTransactions(
                store,
                offsets,
                storeHost,
                clock,
                table,
                ledger != null ? ledger : new HalfLedger(timeoutMs, pendingMax),
                new CommittedCopies(store, dispatchedOffset, store.commitLogMaxOffset()));
        return t;
    }

    // ---- reading -----------------------------------------------------------------------------

    /** Reads what arrived in the op and half queues since the last call (bounded). */
    public synchronized void catchUp() {
        readOps();
        readHalves();
        offsets.commit(TransactionNames.CHECK_GROUP, SystemTopics.TRANS_HALF_TOPIC, 0, ledger.lowestUndecided());
        offsets.commit(TransactionNames.CHECK_GROUP, SystemTopics.TRANS_OP_HALF_TOPIC, 0, ledger.opNext());
    }

    private void readOps() {
        int read = 0;
        while (read < READ_PER_CATCH_UP_MAX) {
            long from = ledger.opNext();
            try (GetResult r = store.getMessages(
                    SystemTopics.TRANS_OP_HALF_TOPIC, 0, from, READ_BATCH_MAX, READ_BYTES_MAX, MessageFilter.ALL)) {
                switch (r.status()) {
                    case FOUND -> {
                        for (SelectedRecord record : r.records()) {
                            ledger.onOp(record.queueOffset(), OpRecords.offsets(decodeOrNull(record)));
                            read++;
                            recordsRead++;
                        }
                        dirty = true;
                    }
                    case OFFSET_TOO_SMALL -> ledger.skipOp(r.minOffset());
                    case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> {
                        if (r.nextBeginOffset() <= from) {
                            return;
                        }
                        ledger.skipOp(r.nextBeginOffset());
                    }
                    default -> {
                        return;
                    }
                }
            }
        }
    }

    private static byte[] decodeOrNull(SelectedRecord record) {
        try {
            return StoredRecordDecoder.decode(record.buffer(), record.buffer().position())
                    .body();
        } catch (RecordFormatException e) {
            return new byte[0];
        }
    }

    private void readHalves() {
        int read = 0;
        while (read < READ_PER_CATCH_UP_MAX && ledger.hasRoom()) {
            long from = ledger.halfNext();
            try (GetResult r = store.getMessages(
                    SystemTopics.TRANS_HALF_TOPIC, 0, from, READ_BATCH_MAX, READ_BYTES_MAX, MessageFilter.ALL)) {
                switch (r.status()) {
                    case FOUND -> {
                        for (SelectedRecord record : r.records()) {
                            if (!ledger.hasRoom()) {
                                return;
                            }
                            readHalf(record);
                            read++;
                            recordsRead++;
                        }
                        dirty = true;
                    }
                    case OFFSET_TOO_SMALL -> ledger.skipHalf(r.minOffset());
                    case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> {
                        if (r.nextBeginOffset() <= from) {
                            return;
                        }
                        skippedHalves++;
                        ledger.skipHalf(r.nextBeginOffset());
                    }
                    default -> {
                        return;
                    }
                }
            }
        }
    }

    private void readHalf(SelectedRecord record) {
        if (record.queueOffset() > ledger.halfNext()) {
            ledger.skipHalf(record.queueOffset());
        }
        StoredMessage half;
        try {
            half = StoredRecordDecoder.decode(record.buffer(), record.buffer().position());
        } catch (RecordFormatException e) {
            skippedHalves++;
            ledger.skipHalf(record.queueOffset() + 1);
            return;
        }
        ledger.onHalf(
                record.queueOffset(),
                record.physicalOffset(),
                half.property(TransactionNames.PGROUP),
                half.storeTimestampMs(),
                immunityMs(half));
    }

    /** The check immunity a half message asks for, in ms (0 when none or malformed). */
    static long immunityMs(StoredMessage half) {
        String text = half.property(TransactionNames.CHECK_IMMUNITY_SECONDS);
        if (text == null) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(text.trim());
            return seconds > 0 && seconds < 10L * 365 * 24 * 3600 ? seconds * 1000 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- decisions ---------------------------------------------------------------------------

    /**
     * The half message stored at {@code commitLogOffset}, or null when there is none (no record,
     * or a record of another topic).
     */
    public StoredMessage lookup(long commitLogOffset) {
        if (commitLogOffset < store.commitLogMinOffset() || commitLogOffset >= store.commitLogMaxOffset()) {
            return null;
        }
        try (RecordLease lease = store.lookMessageByOffset(commitLogOffset)) {
            if (lease.count() == 0) {
                return null;
            }
            SelectedRecord record = lease.records().get(0);
            StoredMessage m =
                    StoredRecordDecoder.decode(record.buffer(), record.buffer().position());
            if (!SystemTopics.TRANS_HALF_TOPIC.equals(m.topic()) || m.physicalOffset() != commitLogOffset) {
                return null;
            }
            return m;
        } catch (RecordFormatException e) {
            return null;
        }
    }

    /** Takes a half message (from {@link #lookup}) for a decision; see {@link HalfLedger#take}. */
    synchronized HalfLedger.Take take(StoredMessage half) {
        HalfEntry ifUnread = new HalfEntry(
                half.queueOffset(),
                half.physicalOffset(),
                half.property(TransactionNames.PGROUP),
                half.storeTimestampMs(),
                0,
                Long.MAX_VALUE);
        return ledger.take(half.queueOffset(), ifUnread);
    }

    /**
     * Records the decision on a taken half message: writes its op record and ends the take. False
     * when the store refused the op record; the message is then pending again.
     */
    synchronized boolean finish(long halfOffset) {
        PutStatus status = store.append(OpRecords.decided(halfOffset, clock.nowMs(), storeHost), opReceipt);
        if (status != PutStatus.PUT_OK) {
            ledger.release(halfOffset);
            return false;
        }
        ledger.done(halfOffset);
        dirty = true;
        return true;
    }

    /** Whether a committed copy of the half message is in the log already (see {@link CommittedCopies}). */
    CommittedCopies.Found committedCopy(StoredMessage half) {
        return copies.find(half);
    }

    /** The committed copy of {@code half} is stored but its op record could not be written. */
    void copyStoredWithoutOp(StoredMessage half) {
        copies.storedWithoutOp(half.physicalOffset());
    }

    /** Gives a taken half message back undecided (its other writes failed). */
    synchronized void release(long halfOffset) {
        ledger.release(halfOffset);
    }

    // ---- check-back --------------------------------------------------------------------------

    synchronized List<HalfEntry> due(long nowMs, int max) {
        return ledger.due(nowMs, max);
    }

    /** Takes a pending entry to give it up; false when it was decided meanwhile. */
    synchronized boolean takePending(long halfOffset) {
        return ledger.take(halfOffset, null) == HalfLedger.Take.TAKEN;
    }

    synchronized boolean checked(long halfOffset, long nowMs, long intervalMs) {
        dirty = true;
        return ledger.checked(halfOffset, nowMs, intervalMs);
    }

    // ---- figures and persistence -------------------------------------------------------------

    /** Half messages read and not yet decided (in flight included). */
    public synchronized int pendingCount() {
        return ledger.pendingCount();
    }

    /** Half-queue records skipped as unreadable since start. */
    public synchronized long skippedCount() {
        return skippedHalves;
    }

    /** Half and op records read since start: what the rounds cost in reads. */
    public synchronized long recordsReadCount() {
        return recordsRead;
    }

    /** Writes the snapshot if anything changed since the last write. */
    public void persist() throws IOException {
        synchronized (persistLock) {
            persistLocked();
        }
    }

    private void persistLocked() throws IOException {
        byte[] content;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            content = JsonWriter.toBytes(ledger.toJson(), JsonWriteOptions.FASTJSON);
        }
        try {
            file.write(content);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }
}
