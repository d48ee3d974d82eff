package dev.skiff.broker.schedule;

import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Agent;
import dev.skiff.common.concurrent.AgentRunner;
import dev.skiff.common.concurrent.IdleStrategy;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers parked delayed messages when they come due. One thread serves every level: each pass
 * walks each level's schedule queue from its recorded progress, re-stores every due entry to its
 * {@code REAL_TOPIC}/{@code REAL_QID} (in queue order, so in order per level) and stops a level at
 * its first entry not yet due. The thread ({@code broker-delay}, an {@link AgentRunner}) then parks
 * until the earliest next due time, at most {@link #IDLE_WAIT_MAX_MS}, and is woken early when the
 * dispatcher reports an arrival in the schedule topic. A pass that throws is counted by the runner
 * and tried again after {@link #REFUSED_RETRY_MS}.
 *
 * <p>The delivered copy keeps the parked record's body, flag, sysFlag, born host and time,
 * reconsume count and properties (so KEYS, TAGS, REAL_TOPIC and REAL_QID stay), with {@code DELAY}
 * removed and {@code WAIT=false}. It is appended as is: no rewrite sends it back to the schedule.
 *
 * <p>Progress lives in a {@link DelayOffsetTable}; the broker persists it periodically and this
 * service persists it once more when closed. Delivery is at least once: after a crash, messages
 * delivered since the last persist are delivered again.
 */
public final class DelayDeliveryService implements ArrivalListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DelayDeliveryService.class);

    /** Longest sleep between passes even when nothing is due sooner. */
    static final long IDLE_WAIT_MAX_MS = 5_000;
    /** Wait after the store refused a delivery before trying again. */
    static final long REFUSED_RETRY_MS = 1_000;

    private static final int READ_COUNT_MAX = 32;
    private static final int READ_BYTES_MAX = 1 << 20;
    private static final int DELIVERIES_PER_LEVEL_PASS_MAX = 1_000;
    private static final long PUT_TIMEOUT_MS = 10_000;

    private final MessageStore store;
    private final MessageAppender appender;
    private final DelayOffsetTable progress;
    private final long[] levelsMs;
    private final SkiffClock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile AgentRunner runner;
    /** How long the delivery thread parks after its last pass; written and read on that thread. */
    private long waitMs;

    private volatile boolean running;
    private boolean closed; // guarded by this

    public DelayDeliveryService(
            MessageStore store,
            MessageAppender appender,
            DelayOffsetTable progress,
            long[] levelsMs,
            SkiffClock clock) {
        if (progress.levels() != levelsMs.length) {
            throw new IllegalArgumentException("progress table and delay levels disagree on the level count");
        }
        this.store = store;
        this.appender = appender;
        this.progress = progress;
        this.levelsMs = levelsMs.clone();
        this.clock = clock;
    }

    /** Starts the delivery thread; again after {@link #stop} (a broker that became master again). */
    public synchronized void start() {
        if (running || closed) {
            return;
        }
        running = true;
        IdleStrategy untilDue = work -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMs));
        runner = AgentRunner.start(new Passes(), untilDue, clock);
    }

    /** The delivery thread's duty cycle: one pass per round, then a park until the next entry is due. */
    private final class Passes implements Agent {
        @Override
        public int doWork() {
            waitMs = REFUSED_RETRY_MS; // kept if the pass throws
            waitMs = Math.max(1, Math.min(deliverDue(), IDLE_WAIT_MAX_MS));
            return 0; // always park (at least 1 ms); an arrival unparks at once
        }

        @Override
        public String roleName() {
            return "broker-delay";
        }
    }

    /** Wakes the delivery thread when a message is parked (called on the dispatcher thread). */
    @Override
    public void onArrival(DispatchedRecord record) {
        if (SystemTopics.SCHEDULE_TOPIC.equals(record.topic())) {
            wakeup();
        }
    }

    void wakeup() {
        AgentRunner r = runner;
        if (r != null) {
            r.wake(); // an unpark before the park makes that park return at once
        }
    }

    /**
     * One pass over every level: delivers what is due. Returns the ms until the earliest entry not
     * yet due ({@link #IDLE_WAIT_MAX_MS} when none is waiting).
     */
    long deliverDue() {
        long waitMs = IDLE_WAIT_MAX_MS;
        for (int level = 1; level <= levelsMs.length; level++) {
            waitMs = Math.min(waitMs, deliverLevel(level));
        }
        return waitMs;
    }

    /** Delivers the due prefix of one level; returns ms until its next entry is due. */
    private long deliverLevel(int level) {
        int queueId = level - 1;
        int deliveries = 0;
        while (deliveries < DELIVERIES_PER_LEVEL_PASS_MAX && mayContinue()) {
            long offset = progress.get(level);
            try (GetResult r = store.getMessages(
                    SystemTopics.SCHEDULE_TOPIC, queueId, offset, READ_COUNT_MAX, READ_BYTES_MAX, MessageFilter.ALL)) {
                switch (r.status()) {
                    case FOUND -> {
                        for (SelectedRecord record : r.records()) {
                            long untilDueMs = untilDue(record, level);
                            if (untilDueMs > 0) {
                                return untilDueMs;
                            }
                            if (!deliver(record)) {
                                return REFUSED_RETRY_MS;
                            }
                            deliveries++;
                            progress.set(level, record.queueOffset() + 1);
                        }
                    }
                    case OFFSET_TOO_SMALL -> progress.set(level, r.minOffset());
                    case OFFSET_OVERFLOW_BADLY -> progress.set(level, r.maxOffset());
                    case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> {
                        if (r.nextBeginOffset() <= offset) {
                            return REFUSED_RETRY_MS;
                        }
                        skipped.incrementAndGet();
                        progress.set(level, r.nextBeginOffset());
                    }
                    default -> {
                        return IDLE_WAIT_MAX_MS;
                    }
                }
            }
        }
        return 0;
    }

    /** True while the thread runs, and when passes are driven by hand without it (unit tests). */
    private boolean mayContinue() {
        AgentRunner r = runner;
        return running || r == null || !r.isRunning();
    }

    /**
     * Ms until the entry is due; its tag code holds the delivery time. A time further out than the
     * level's delay (the clock went back) counts as due now.
     */
    private long untilDue(SelectedRecord record, int level) {
        long now = clock.nowMs();
        long dueMs = record.tagsCode();
        if (dueMs > now + levelsMs[level - 1]) {
            return 0;
        }
        return dueMs - now;
    }

    /** Re-stores one parked message; false when the store refused it (try again later). */
    private boolean deliver(SelectedRecord record) {
        StoredMessage parked;
        try {
            parked = StoredRecordDecoder.decode(record.buffer(), record.buffer().position());
        } catch (RecordFormatException e) {
            skip("a schedule-topic record does not decode", e);
            return true;
        }
        MessageToStore due = dueCopy(parked);
        if (due == null) {
            skip("a schedule-topic record lacks a valid REAL_TOPIC/REAL_QID", null);
            return true;
        }
        try {
            PutResult result = appender.appendAsIs(due).get(PUT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (result.isStored()) {
                delivered.incrementAndGet();
                return true;
            }
            log.warn("the store refused a due delayed message: {}", result.status());
        } catch (ExecutionException | TimeoutException e) {
            log.warn("storing a due delayed message failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The message as it goes to its real topic, or null when the record does not say where. */
    static MessageToStore dueCopy(StoredMessage parked) {
        String props = parked.properties();
        String realTopic = MessageProperties.get(props, PropertyEdits.REAL_TOPIC);
        int realQueueId = PropertyEdits.intValue(props, PropertyEdits.REAL_QID, -1);
        if (realTopic == null || realQueueId < 0 || SystemTopics.SCHEDULE_TOPIC.equals(realTopic)) {
            return null;
        }
        props = PropertyEdits.without(props, PropertyEdits.DELAY);
        props = PropertyEdits.with(props, MessageProperties.WAIT, "false");
        return new MessageToStore(
                realTopic,
                realQueueId,
                parked.flag(),
                parked.body(),
                props,
                parked.sysFlag(),
                parked.bornTimestampMs(),
                parked.bornHost(),
                parked.reconsumeTimes(),
                parked.preparedTransactionOffset());
    }

    private void skip(String what, Exception e) {
        if (skipped.getAndIncrement() % 1_000 == 0) {
            log.warn("{}; skipped ({} skipped so far)", what, skipped.get(), e);
        }
    }

    /** Messages delivered since start. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Entries skipped since start (malformed, or missing from the commit log). */
    public long skippedCount() {
        return skipped.get();
    }

    /** Writes the progress file if it changed; the broker calls it periodically. */
    public void persist() {
        try {
            progress.persist();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot persist delay progress", e);
        }
    }

    /** Stops the thread (it can be started again) and persists the progress. */
    public synchronized void stop() {
        running = false;
        AgentRunner r = runner;
        if (r != null) {
            try {
                r.close(); // ends after the pass under way (it stops between deliveries), bounded join
            } catch (IllegalStateException e) {
                log.warn("delay delivery thread did not stop: {}", e.getMessage());
            }
        }
        persist();
    }

    /** Passes that threw since start (counted by the delivery thread's runner). */
    public long failedPasses() {
        AgentRunner r = runner;
        return r == null ? 0 : r.errors();
    }

    /** Stops the thread and persists the progress. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }
}
