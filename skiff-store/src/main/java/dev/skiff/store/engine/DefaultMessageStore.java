package dev.skiff.store.engine;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.store.BoundaryType;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.FlushListener;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutReceipt;
import dev.skiff.store.PutStatus;
import dev.skiff.store.RecordLease;
import dev.skiff.store.RecoveryResult;
import dev.skiff.store.ReplicaLog;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreHealth;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.Dispatcher;
import dev.skiff.store.dispatch.TagsCodeFunction;
import dev.skiff.store.file.FileOps;
import dev.skiff.store.file.SegmentAllocator;
import dev.skiff.store.file.SegmentedFile;
import dev.skiff.store.index.IndexService;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.log.EncodedBatch;
import dev.skiff.store.log.FlushService;
import dev.skiff.store.log.QueueOffsetTable;
import dev.skiff.store.queue.ConsumeQueueStore;
import dev.skiff.store.recovery.Checkpoint;
import dev.skiff.store.recovery.Recovery;
import dev.skiff.store.recovery.RecoveryProgress;
import dev.skiff.store.retention.RetentionService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the store's parts; each gets only its collaborators. Threads: callers append under the
 * commit log's lock; one flush thread; one dispatcher thread; one duty thread ({@link
 * StoreDuties}: checkpoint, retention, topic deletion); one segment allocator thread.
 */
public final class DefaultMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMessageStore.class);

    private final StoreConfig config;
    private final SkiffClock clock;
    private final SegmentAllocator allocator;
    private final CommitLog log;
    private final ConsumeQueueStore queues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final FlushService flush;
    private final Buckets appendMicros = new Buckets(1, 5, 10, 50, 100, 500, 1_000, 10_000, 100_000);
    private final RetentionService retention;
    private final Checkpoint checkpoint;
    private final StoreHealth health;
    /** Held while a checkpoint is computed and written: one round at a time. */
    private final Object checkpointLock = new Object();

    private final LogGrowth growth;
    /** A periodic checkpoint forces a consume queue once this much of it is unforced (2 pages). */
    private static final long CHECKPOINT_QUEUE_DIRTY_MIN_BYTES = 2 * 4096;
    /** Every this many periodic checkpoints, every consume queue is forced. */
    private static final int CHECKPOINT_THOROUGH_ROUNDS = 60;

    private int checkpointRounds;
    private final QueueReader queueReader;
    private final RecordReader recordReader;
    private final ThreadLocal<EncodedBatch> encoders;
    private final StoreDuties duties;

    private volatile boolean running;
    private boolean closed;

    public DefaultMessageStore(StoreConfig config, SkiffClock clock, DiskUsage disk, ArrivalListener listener) {
        this(config, clock, disk, listener, TagsCodeFunction.TAG_HASH);
    }

    /**
     * A store whose consume-queue tag codes come from {@code tagsCodes} (the broker uses this to
     * put delivery times into the schedule topic's queues).
     */
    public DefaultMessageStore(
            StoreConfig config,
            SkiffClock clock,
            DiskUsage disk,
            ArrivalListener listener,
            TagsCodeFunction tagsCodes) {
        this(config, clock, disk, listener, tagsCodes, FileOps.SYSTEM);
    }

    /**
     * A store whose commit log writes and forces through {@code fileOps} (tests inject failures
     * there; everything else uses {@link FileOps#SYSTEM}).
     */
    public DefaultMessageStore(
            StoreConfig config,
            SkiffClock clock,
            DiskUsage disk,
            ArrivalListener listener,
            TagsCodeFunction tagsCodes,
            FileOps fileOps) {
        this(
                config,
                clock,
                disk,
                listener,
                tagsCodes,
                fileOps,
                new ThreadScheduler("skiff-store-duties", 1, clock, false));
    }

    /**
     * As above, with the checkpoint and retention duties on {@code duties}, which the store owns
     * (tests pass a {@code ManualScheduler} on the same manual clock and move time instead of
     * waiting).
     */
    public DefaultMessageStore(
            StoreConfig config,
            SkiffClock clock,
            DiskUsage disk,
            ArrivalListener listener,
            TagsCodeFunction tagsCodes,
            FileOps fileOps,
            Scheduler duties) {
        this.config = config;
        this.health = new StoreHealth(clock);
        this.clock = clock;
        this.allocator = SegmentAllocator.onThread(
                "skiff-store-allocate",
                clock,
                config.preTouchSegments(),
                config.commitLogWrites() != StoreConfig.CommitLogWrites.MAPPED);
        this.log = new CommitLog(
                new SegmentedFile(config.commitLogDir(), config.commitLogSegmentBytes(), allocator),
                clock,
                new QueueOffsetTable(config.queuesPerTopicMax()),
                config.commitLogWrites(),
                config.stagingBytes(),
                fileOps,
                health);
        this.queues = new ConsumeQueueStore(
                config.consumeQueueDir(),
                config.queueWatermarkDir(),
                config.consumeQueueEntriesPerFile(),
                config.queuesPerTopicMax());
        this.index = config.indexEnabled()
                ? new IndexService(config.indexDir(), config.indexSlotCount(), config.indexEntryCount())
                : null;
        this.dispatcher = new Dispatcher(log, queues, index, listener, tagsCodes, config.appendBatchMaxBytes(), clock);
        this.flush = new FlushService(log, config, clock);
        this.retention = new RetentionService(config, clock, disk, log, queues, index);
        this.checkpoint = new Checkpoint(config.checkpointFile());
        this.recordReader = new RecordReader(log, queues, index, config.appendBatchMaxBytes());
        this.queueReader = new QueueReader(queues, log, recordReader, config.getScanEntriesMax());
        this.encoders = ThreadLocal.withInitial(() -> new EncodedBatch(
                config.messageBodyMaxBytes(),
                config.appendBatchMaxBytes(),
                config.queuesPerTopicMax(),
                config.storeHost()));
        this.duties = new StoreDuties(duties);
        this.growth = new LogGrowth(log::writtenOffset, clock);
        log.setAppendListener(end -> {
            dispatcher.wakeup();
            flush.onAppended(end);
            growth.signal();
        });
        log.setStagingFullListener(flush::wakeup);
    }

    @Override
    public synchronized RecoveryResult start() {
        boolean abnormal = Files.exists(config.abortFile());
        try {
            Files.createDirectories(config.storePath());
            Files.write(config.abortFile(), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create abort marker", e);
        }
        log.files().load();
        queues.load();
        if (index != null) {
            index.load();
        }
        RecoveryResult result = new Recovery(
                        log,
                        queues,
                        index,
                        dispatcher,
                        config.appendBatchMaxBytes(),
                        new RecoveryProgress(clock, RecoveryProgress.INTERVAL_MS))
                .run(abnormal, checkpoint.read());
        queues.settleFirstFormatWatermarks(log.writtenOffset());
        retention.checkDisk();
        flush.start();
        allocator.touchAhead(log.files(), log::writtenOffset);
        dispatcher.start();
        duties.every("checkpoint", config.checkpointIntervalMs(), this::checkpointQuietly);
        duties.every("retention", config.retentionIntervalMs(), this::retentionQuietly);
        running = true;
        return result;
    }

    @Override
    public PutStatus append(MessageToStore message, PutReceipt receipt) {
        return appendOne(message, receipt, true);
    }

    @Override
    public PutStatus appendAll(List<MessageToStore> messages, PutReceipt receipt) {
        return appendMany(messages, receipt, true);
    }

    @Override
    public PutStatus appendWithoutWaiting(MessageToStore message, PutReceipt receipt) {
        return appendOne(message, receipt, false);
    }

    @Override
    public PutStatus appendAllWithoutWaiting(List<MessageToStore> messages, PutReceipt receipt) {
        return appendMany(messages, receipt, false);
    }

    private PutStatus appendOne(MessageToStore message, PutReceipt receipt, boolean mayWait) {
        EncodedBatch batch = encoders.get();
        batch.clear();
        PutStatus s = refusal();
        if (s == PutStatus.PUT_OK) {
            s = batch.encode(message);
        }
        return append(batch, s, receipt, false, mayWait);
    }

    private PutStatus appendMany(List<MessageToStore> messages, PutReceipt receipt, boolean mayWait) {
        EncodedBatch batch = encoders.get();
        batch.clear();
        PutStatus s = refusal();
        if (s == PutStatus.PUT_OK) {
            s = batch.encodeAll(messages);
        }
        return append(batch, s, receipt, true, mayWait);
    }

    @Override
    public CompletableFuture<PutStatus> whenFlushed(long endOffset) {
        return flush.whenFlushed(endOffset);
    }

    @Override
    public void whenFlushed(long endOffset, FlushListener listener) {
        flush.whenFlushed(endOffset, listener);
    }

    private PutStatus refusal() {
        if (!running) {
            return PutStatus.SERVICE_NOT_AVAILABLE;
        }
        if (!health.isHealthy()) {
            health.countRefused();
            return PutStatus.STORE_FAILED;
        }
        return retention.isDiskFull() ? PutStatus.DISK_FULL : PutStatus.PUT_OK;
    }

    private PutStatus append(
            EncodedBatch batch, PutStatus encoded, PutReceipt receipt, boolean isBatch, boolean mayWait) {
        PutStatus s = encoded;
        if (encoded == PutStatus.PUT_OK) {
            long startNs = clock.monotonicNs();
            s = log.append(batch, mayWait);
            appendMicros.observe((clock.monotonicNs() - startNs) / 1_000);
        }
        if (s == PutStatus.PUT_OK) {
            receipt.fill(batch, isBatch);
        }
        batch.clear();
        return s;
    }

    @Override
    public GetResult getMessages(
            String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter) {
        return queueReader.get(topic, queueId, offset, maxCount, maxBytes, filter);
    }

    @Override
    public long minOffsetInQueue(String topic, int queueId) {
        return queueReader.minOffset(topic, queueId);
    }

    @Override
    public long maxOffsetInQueue(String topic, int queueId) {
        return queueReader.maxOffset(topic, queueId);
    }

    @Override
    public long offsetInQueueByTime(String topic, int queueId, long timestampMs, BoundaryType boundary) {
        return queueReader.offsetByTime(topic, queueId, timestampMs, boundary);
    }

    @Override
    public RecordLease lookMessageByOffset(long physicalOffset) {
        return recordReader.lookByOffset(physicalOffset);
    }

    @Override
    public RecordLease queryMessages(String topic, String key, int maxCount, long beginMs, long endMs) {
        return recordReader.query(topic, key, maxCount, beginMs, endMs);
    }

    /**
     * Runs as a duty ({@link StoreDuties}: the holder of the duty lock owns the queues' flush state),
     * between two dispatch rounds ({@link Dispatcher#callPaused}), so that no entry is written while
     * the queues go; inside, the commit log's append lock is taken just long enough to read the
     * topic's next queue offsets, so the delete falls between two appends, and the log's end is read
     * after them as the delete point. The caller waits; the store's lock keeps {@link #close()} out
     * meanwhile.
     */
    @Override
    public synchronized void deleteTopic(String topic) {
        requireRunning();
        long[] floors = duties.call(
                "deleting topic " + topic,
                () -> dispatcher.callPaused(() -> {
                    long[] next = log.nextQueueOffsets(topic);
                    return queues.deleteTopic(topic, next, log.appendedOffset());
                }));
        LOG.info("topic {} deleted from the consume queues; its queues continue at {}", topic, Arrays.toString(floors));
    }

    @Override
    public synchronized int deleteExpiredSegmentsNow() {
        requireRunning();
        return duties.call("deleting expired segments", () -> retentionRound(true))
                .segmentsDeleted();
    }

    @Override
    public List<String> topicsWithQueues() {
        return queues.topicsWithEntries();
    }

    /**
     * Candidates are picked as a duty; each is checked again and deleted between two
     * dispatch rounds, with the appender's next offsets read under its lock, as {@link
     * #deleteTopic} does.
     */
    @Override
    public synchronized List<String> cleanExpiredQueues(Predicate<String> keep) {
        requireRunning();
        List<String> candidates = duties.call("finding expired consume queues", () -> {
            long min = log.minOffset();
            List<String> out = new ArrayList<>();
            for (String topic : queues.topicsWithEntries()) {
                if (!keep.test(topic) && queues.holdsOnlyExpired(topic, new long[0], min)) {
                    out.add(topic);
                }
            }
            return out;
        });
        List<String> cleaned = new ArrayList<>();
        for (String topic : candidates) {
            long[] floors = duties.call(
                    "cleaning the expired consume queues of " + topic,
                    () -> dispatcher.callPaused(() -> {
                        long[] next = log.nextQueueOffsets(topic);
                        return queues.holdsOnlyExpired(topic, next, log.minOffset())
                                ? queues.deleteTopic(topic, next, log.appendedOffset())
                                : null;
                    }));
            if (floors != null) {
                cleaned.add(topic);
                LOG.info(
                        "consume queues of {} held only expired records: deleted, continuing at {}",
                        topic,
                        Arrays.toString(floors));
            }
        }
        return cleaned;
    }

    private void requireRunning() {
        if (!running) {
            throw new IllegalStateException("the store is not running");
        }
    }

    @Override
    public void setRetention(long fileReservedMs, int deleteHourOfDay) {
        retention.setSchedule(new RetentionService.Schedule(fileReservedMs, deleteHourOfDay));
    }

    /** The retention schedule now (for tests and tools). */
    public RetentionService.Schedule retentionSchedule() {
        return retention.schedule();
    }

    @Override
    public StoreHealth health() {
        return health;
    }

    @Override
    public ReplicaLog replicaLog() {
        return new ReplicaLog() {
            @Override
            public long maxOffset() {
                return log.writtenOffset();
            }

            @Override
            public long minOffset() {
                return log.minOffset();
            }

            @Override
            public int segmentBytes() {
                return config.commitLogSegmentBytes();
            }

            @Override
            public int read(long offset, java.nio.ByteBuffer dst) {
                return log.readRaw(offset, dst);
            }

            @Override
            public void appendReplicated(long offset, java.nio.ByteBuffer bytes) {
                appendFromMaster(offset, bytes);
            }

            @Override
            public boolean awaitGrowth(long offset, long timeoutNs) {
                return growth.await(offset, timeoutNs);
            }
        };
    }

    /**
     * A slave's append. The first bytes of an empty log may start at a segment start past 0 (a new
     * slave copies from its master's last segment): dispatch is moved there first, then the log,
     * so the dispatcher never sees the new end with the old position.
     */
    private void appendFromMaster(long offset, java.nio.ByteBuffer bytes) {
        if (!running) {
            throw new IllegalStateException("the store is not running");
        }
        if (offset != log.writtenOffset() && log.files().isEmpty() && log.writtenOffset() == 0) {
            dispatcher.resumeFrom(offset, offset - 1);
            log.startEmptyAt(offset);
        }
        log.appendReplicated(offset, bytes);
    }

    /**
     * Between two dispatch rounds: the log is cut (segments past {@code offset} deleted, the write,
     * flush and dispatch positions moved back), then every consume queue drops the entries of
     * records ending past it, the index drops files starting past it, and the next queue offsets
     * are set from the queues, as recovery does. An offset at or past the end cuts nothing; one
     * below the oldest segment empties the log down to that segment's start.
     */
    @Override
    public synchronized long truncateTo(long offset) {
        if (!running) {
            throw new IllegalStateException("the store is not running");
        }
        long end = log.writtenOffset();
        if (offset >= end) {
            return end;
        }
        long cut = Math.max(offset, log.minOffset());
        try { // let a flush under way end first (bounded)
            flush.whenFlushed(end).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("flush before the cut did not end: {}", e.toString());
        }
        return dispatcher.callPaused(() -> {
            log.recoverTo(cut);
            for (dev.skiff.store.queue.ConsumeQueue cq : queues.all()) {
                cq.truncateToCommitLog(cut);
            }
            if (index != null) {
                index.truncateTo(cut);
            }
            for (dev.skiff.store.queue.ConsumeQueue cq : queues.all()) {
                log.queueOffsets().set(cq.topic(), cq.queueId(), Math.max(cq.maxOffset(), cq.floorOffset()));
            }
            dispatcher.resumeFrom(Math.min(dispatcher.dispatchedOffset(), cut), cut - 1);
            LOG.warn("commit log cut from {} to {}", end, cut);
            return log.writtenOffset();
        });
    }

    @Override
    public synchronized boolean adoptQueueOffsets(long timeoutMs) {
        if (!awaitDispatched(timeoutMs)) {
            return false;
        }
        return dispatcher.callPaused(() -> {
            for (dev.skiff.store.queue.ConsumeQueue cq : queues.all()) {
                log.queueOffsets().set(cq.topic(), cq.queueId(), Math.max(cq.maxOffset(), cq.floorOffset()));
            }
            return true;
        });
    }

    @Override
    public long commitLogMinOffset() {
        return log.minOffset();
    }

    @Override
    public long commitLogMaxOffset() {
        return log.writtenOffset();
    }

    /**
     * Time each commit-log append took (lock, copy, and a wait for staging space when allowed), in
     * microseconds: two clock reads and two {@code LongAdder} adds per append call, no allocation.
     */
    public Buckets appendMicros() {
        return appendMicros;
    }

    /** The flush thread's figures: force durations and bytes per force. */
    public FlushService flushService() {
        return flush;
    }

    /** Commit-log offset up to which consume queues and index are built. */
    public long dispatchedOffset() {
        return dispatcher.dispatchedOffset();
    }

    /** Waits (bounded) until everything appended so far is dispatched; for tests and tools. */
    public boolean awaitDispatched(long timeoutMs) {
        long deadline = clock.monotonicNs() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long target = log.appendedOffset();
        long spins = 0;
        while (dispatcher.dispatchedOffset() < target) {
            if (dispatcher.isStuck() || (clock.monotonicNs() - deadline > 0 && spins > 1000)) {
                return false;
            }
            dispatcher.wakeup();
            spins++;
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            if (spins > timeoutMs * 10) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs one retention pass now (normally every {@code retentionIntervalMs}), as a duty (duty lock)
     * while the store runs, and waits for it.
     */
    public synchronized RetentionService.Report runRetention() {
        return running ? duties.call("running retention", this::retentionRound) : retentionRound();
    }

    /**
     * One retention pass, then the watermarks of deleted topics that the commit log's new minimum
     * has passed are removed (between two dispatch rounds, as a delete runs). Duty lock held.
     */
    private RetentionService.Report retentionRound() {
        return retentionRound(false);
    }

    /** As {@link #retentionRound()}; {@code now}: expired segments go whatever the hour. */
    private RetentionService.Report retentionRound(boolean now) {
        RetentionService.Report report = retention.runOnce(now);
        long min = log.minOffset();
        if (!queues.anyWatermarkPassed(min)) {
            return report;
        }
        List<String> dropped = dispatcher.callPaused(() -> queues.dropPassedWatermarks(min, log::nextQueueOffsets));
        if (!dropped.isEmpty()) {
            LOG.info(
                    "commit log min offset {} is past the delete of {}: their queue watermarks are removed",
                    min,
                    dropped);
        }
        return report;
    }

    /** Flushes every consume queue and the index and writes the checkpoint now. */
    public void checkpoint() {
        checkpoint(0);
    }

    /**
     * One checkpoint: consume queues with at least {@code minDirtyBytes} unforced are forced (all
     * when 0), the index is forced, and the safe re-dispatch offset written is below every entry
     * left unforced. Forcing every queue every second cost one {@code msync} per queue: with 4,000
     * queues in use that was most of a core; queues written slowly now wait for the thorough round.
     */
    private void checkpoint(long minDirtyBytes) {
        synchronized (checkpointLock) { // the periodic duty and a caller of checkpoint() share one file
            checkpointRound(minDirtyBytes);
        }
    }

    private void checkpointRound(long minDirtyBytes) {
        long safe = dispatcher.dispatchedOffset();
        long logFlushed = log.flushedOffset();
        long unforced = queues.flushDirty(minDirtyBytes);
        if (index != null) {
            index.flush();
        }
        long now = clock.nowMs();
        checkpoint.write(
                new Checkpoint.Data(now, now, now, logFlushed, Math.min(Math.min(safe, logFlushed), unforced)));
    }

    private void checkpointQuietly() {
        try {
            boolean thorough = ++checkpointRounds % CHECKPOINT_THOROUGH_ROUNDS == 0;
            checkpoint(thorough ? 0 : CHECKPOINT_QUEUE_DIRTY_MIN_BYTES);
        } catch (Throwable t) {
            LOG.error("checkpoint failed", t);
        }
    }

    private void retentionQuietly() {
        try {
            retentionRound();
        } catch (Throwable t) {
            LOG.error("retention failed", t);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean wasRunning = running;
        running = false;
        duties.close(); // lets a duty under way finish (bounded wait)
        dispatcher.close();
        flush.close();
        if (wasRunning) {
            dispatcher.catchUp();
            checkpoint();
        }
        queues.close();
        if (index != null) {
            index.close();
        }
        log.close();
        allocator.close();
        if (!health.isHealthy()) {
            LOG.warn(
                    "store closed after a commit-log failure ({}): the abort marker stays, so the next"
                            + " start recovers from what is on disk",
                    health.failure());
        } else if (wasRunning) {
            try {
                Files.deleteIfExists(config.abortFile());
            } catch (IOException e) {
                LOG.warn("cannot delete abort marker", e);
            }
        }
    }
}
