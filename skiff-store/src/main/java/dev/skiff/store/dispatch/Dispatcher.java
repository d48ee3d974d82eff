package dev.skiff.store.dispatch;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Agent;
import dev.skiff.common.concurrent.AgentRunner;
import dev.skiff.common.concurrent.IdleStrategy;
import dev.skiff.common.message.RecordCheck;
import dev.skiff.common.message.RecordProperties;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.index.IndexService;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.queue.ConsumeQueue;
import dev.skiff.store.queue.ConsumeQueueStore;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the commit log from {@link #dispatchedOffset()} up to the written offset. For each
 * record it appends the consume-queue entry, adds the index entries and tells the listener. It is
 * the only writer of consume queues and index; it runs on its own thread (an {@link AgentRunner}
 * named {@code skiff-store-dispatch}: one {@link #dispatchRound round} per duty cycle, then the
 * idle rule below), or synchronously during recovery via {@link #catchUp()}.
 *
 * <p>Idling: after a round that moved nothing the thread naps {@value #BUSY_NAPS_BEFORE_IDLE}
 * times {@code BUSY_NAP_NS}, then parks up to {@code IDLE_PARK_NS} and only then may appends wake
 * it ({@link #wakeup}). A round that throws is logged (rate-limited by the runner) and counts as
 * one that moved nothing.
 *
 * <p>A record that fails the structural check (which only a bug could cause at run time, since
 * recovery already truncated bad tails) stops dispatch at that offset with an error log instead of
 * spreading garbage. A record (or blank marker) cut by the written end is waited for instead: a
 * slave's log grows by its master's transfer frames, which end anywhere.
 *
 * <p>A record whose queue offset is below its queue's {@linkplain ConsumeQueue#floorOffset() floor}
 * was written before its topic was deleted: it is indexed (it is still in the commit log) but
 * neither enters the queue nor reaches the listener. Checking costs one field read of the queue
 * the record goes to anyway.
 *
 * <p>Each round runs under the round lock, so that {@link #callPaused} can change the queues
 * between two rounds (topic deletion) without a second writer: the lock is uncontended but for
 * those rare calls, and taken once per round of up to {@value #RECORDS_PER_ROUND_MAX} records, not
 * per record. Lock order: the round lock before the commit log's append lock; nothing that holds
 * the append lock takes the round lock.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int RECORDS_PER_ROUND_MAX = 4096;
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * While records keep coming the thread naps this long between rounds instead of being woken by
     * every append: one wake-up per append cost a futex call each (about 4 µs of CPU per message
     * at 15,000 msg/s), a nap bounds wake-ups to a thousand a second and batches the rounds. It
     * delays an arrival's dispatch (and long-polling wake-up) by at most this much.
     */
    private static final long BUSY_NAP_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Empty naps (about 20 ms) before the thread goes idle and appends wake it again. */
    private static final int BUSY_NAPS_BEFORE_IDLE = 20;

    private final CommitLog log;
    private final ConsumeQueueStore queues;
    private final IndexService index;
    private final ArrivalListener listener;
    private final TagsCodeFunction tagsCodes;
    private final int recordMaxBytes;
    private final DispatchedRecord current = new DispatchedRecord();
    private final RecordProperties properties = new RecordProperties();
    private final TopicNames topicNames = new TopicNames();
    private final SkiffClock clock;
    private volatile AgentRunner runner;
    private final ReentrantLock roundLock = new ReentrantLock();
    private volatile long dispatchedOffset;
    private volatile boolean idle;
    /** Empty rounds in a row; read and written on the dispatch thread only. */
    private int naps;

    private volatile boolean stuck;
    private long indexedUpTo = -1;
    private long listenerFailures;

    /**
     * @param index the index, or null when indexing is off
     * @param clock times the runner's rate limit on logging failed rounds
     */
    public Dispatcher(
            CommitLog log,
            ConsumeQueueStore queues,
            IndexService index,
            ArrivalListener listener,
            int recordMaxBytes,
            SkiffClock clock) {
        this(log, queues, index, listener, TagsCodeFunction.TAG_HASH, recordMaxBytes, clock);
    }

    /**
     * @param index the index, or null when indexing is off
     * @param tagsCodes computes each consume-queue entry's tag code
     * @param clock times the runner's rate limit on logging failed rounds
     */
    public Dispatcher(
            CommitLog log,
            ConsumeQueueStore queues,
            IndexService index,
            ArrivalListener listener,
            TagsCodeFunction tagsCodes,
            int recordMaxBytes,
            SkiffClock clock) {
        this.log = log;
        this.tagsCodes = tagsCodes;
        this.queues = queues;
        this.index = index;
        this.listener = listener;
        this.recordMaxBytes = recordMaxBytes;
        this.clock = clock;
    }

    /**
     * Sets where dispatch resumes; records at or below {@code indexedUpTo} are not indexed again.
     */
    public void resumeFrom(long offset, long indexedUpTo) {
        this.dispatchedOffset = offset;
        this.indexedUpTo = indexedUpTo;
    }

    public long dispatchedOffset() {
        return dispatchedOffset;
    }

    /** Whether dispatch stopped at a malformed record. */
    public boolean isStuck() {
        return stuck;
    }

    /** Starts the dispatch thread. */
    public void start() {
        runner = AgentRunner.start(new Rounds(), this::idle, clock);
    }

    /** Wakes the thread after an append; cheap when it is busy. */
    public void wakeup() {
        AgentRunner r = runner;
        if (idle && r != null) {
            r.wake();
        }
    }

    /**
     * Runs {@code work} on the calling thread between two dispatch rounds: no consume-queue entry is
     * written meanwhile. Waits for a running round to end (a bounded number of records).
     */
    public <T> T callPaused(Supplier<T> work) {
        roundLock.lock();
        try {
            return work.get();
        } finally {
            roundLock.unlock();
        }
    }

    /** Dispatches everything written so far on the calling thread (recovery, tests). */
    public void catchUp() {
        while (dispatchRound() > 0) {
            // keep going
        }
    }

    /** The dispatch thread's duty cycle: one {@link #dispatchRound()}. */
    private final class Rounds implements Agent {
        @Override
        public int doWork() {
            return dispatchRound();
        }

        @Override
        public String roleName() {
            return "skiff-store-dispatch";
        }
    }

    /** The {@link IdleStrategy} of the dispatch thread (see the class comment). */
    private void idle(int moved) {
        if (moved > 0) {
            naps = 0;
        } else if (naps < BUSY_NAPS_BEFORE_IDLE) {
            naps++;
            LockSupport.parkNanos(this, BUSY_NAP_NS);
        } else {
            idle = true;
            if (dispatchedOffset >= log.writtenOffset()) {
                LockSupport.parkNanos(this, IDLE_PARK_NS);
            }
            idle = false;
        }
    }

    /** Dispatches up to a bounded number of records; returns how many offsets moved. */
    int dispatchRound() {
        long written = log.writtenOffset();
        long pos = dispatchedOffset;
        if (pos >= written || stuck) {
            return 0;
        }
        roundLock.lock();
        try {
            return dispatchRound(pos, written);
        } finally {
            roundLock.unlock();
        }
    }

    private int dispatchRound(long pos, long written) {
        MappedSegment seg = log.files().retainSegmentFor(pos);
        if (seg == null) {
            LOG.error("no segment for dispatch offset {}", pos);
            stuck = true;
            return 0;
        }
        int n = 0;
        try {
            ByteBuffer b = seg.buffer();
            long end = Math.min(written, seg.endOffset());
            while (pos < end && n < RECORDS_PER_ROUND_MAX) {
                int at = (int) (pos - seg.startOffset());
                int size = RecordCheck.check(b, at, (int) (end - seg.startOffset()), null, pos, recordMaxBytes);
                if (size == RecordCheck.BLANK) {
                    pos = seg.endOffset();
                } else if (size > 0) {
                    try {
                        dispatchOne(b, at, pos, size);
                    } catch (IllegalArgumentException e) {
                        LOG.error("record at {} cannot be dispatched; dispatch stops", pos, e);
                        stuck = true;
                        break;
                    }
                    pos += size;
                } else if (end < seg.endOffset() && incomplete(b, at, (int) (end - seg.startOffset()))) {
                    break; // a slave's log may end inside a record: the rest is on its way
                } else {
                    LOG.error("malformed record at {} ({}); dispatch stops", pos, RecordCheck.describe(size));
                    stuck = true;
                    break;
                }
                n++;
                dispatchedOffset = pos;
            }
        } finally {
            seg.release();
        }
        return n;
    }

    /**
     * Whether the bytes at {@code at} are the start of a record or blank marker cut by {@code limit}
     * (the written end): a slave appends its master's bytes as they arrive, not record by record.
     */
    private static boolean incomplete(ByteBuffer b, int at, int limit) {
        int available = limit - at;
        if (available < StoredRecordLayout.BLANK_MIN_BYTES) {
            return true;
        }
        int magic = b.getInt(at + StoredRecordLayout.MAGIC);
        boolean known = magic == StoredRecordLayout.BLANK_MAGIC
                || magic == StoredRecordLayout.MAGIC_V1
                || magic == StoredRecordLayout.MAGIC_V2;
        return known && b.getInt(at) > available;
    }

    private void dispatchOne(ByteBuffer b, int at, long phy, int size) {
        int queueId = b.getInt(at + StoredRecordLayout.QUEUE_ID);
        long queueOffset = b.getLong(at + StoredRecordLayout.QUEUE_OFFSET);
        int sysFlag = b.getInt(at + StoredRecordLayout.SYS_FLAG);
        long storeTs = b.getLong(at + StoredRecordLayout.storeTimestampOffset(sysFlag));
        int bodyLenAt = at + StoredRecordLayout.bodyLengthOffset(sysFlag);
        int topicLenAt = bodyLenAt + 4 + b.getInt(bodyLenAt);
        boolean v2 = b.getInt(at + StoredRecordLayout.MAGIC) == StoredRecordLayout.MAGIC_V2;
        int topicLen = v2 ? b.getShort(topicLenAt) & 0xFFFF : b.get(topicLenAt) & 0xFF;
        int topicAt = topicLenAt + (v2 ? 2 : 1);
        String topic = topicNames.name(b, topicAt, topicLen);
        int propsLen = b.getShort(topicAt + topicLen) & 0xFFFF;
        properties.reset(b, topicAt + topicLen + 2, propsLen);
        ConsumeQueue cq = queues.findOrCreate(topic, queueId);
        boolean live = queueOffset >= cq.floorOffset();
        long tagsCode = 0;
        if (live) {
            tagsCode = tagsCodes.tagsCode(topic, queueId, properties, storeTs);
            cq.put(queueOffset, phy, size, tagsCode);
        }
        if (index != null && phy > indexedUpTo) {
            index.add(topic, properties, phy, storeTs);
            indexedUpTo = phy;
        }
        if (!live) {
            return;
        }
        current.set(topic, queueId, queueOffset, phy, size, tagsCode, storeTs, properties);
        try {
            listener.onArrival(current);
        } catch (RuntimeException e) {
            if (listenerFailures++ % 10_000 == 0) {
                LOG.warn("arrival listener failed ({} failures so far)", listenerFailures, e);
            }
        }
    }

    /** Stops the dispatch thread after the round under way (bounded wait); harmless if never started. */
    @Override
    public void close() {
        AgentRunner r = runner;
        if (r != null) {
            try {
                r.close();
            } catch (IllegalStateException e) {
                LOG.warn("closing anyway: {}", e.getMessage()); // a round hangs; the store closes regardless
            }
        }
    }
}
