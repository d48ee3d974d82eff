package dev.skiff.broker.timer;

import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-stores parked timer messages to their real topics: reads each by its commit-log offset,
 * makes the {@link TimerMessages#dueCopy}, appends all of a batch and then waits for them, so a
 * batch costs one group commit under sync flush. A record that is gone or not a parked timer
 * message is skipped and counted.
 */
final class TimerDelivery {
    private static final Logger log = LoggerFactory.getLogger(TimerDelivery.class);
    private static final long PUT_TIMEOUT_MS = 10_000;

    private final MessageStore store;
    private final MessageAppender appender;
    private final SkiffClock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<CompletableFuture<PutResult>> pending = new ArrayList<>();

    TimerDelivery(MessageStore store, MessageAppender appender, SkiffClock clock) {
        this.store = store;
        this.appender = appender;
        this.clock = clock;
    }

    /**
     * Delivers the messages at {@code offsets[from..to)}; returns how many of them, from {@code
     * from} on, are done (stored or skipped). Fewer than {@code to - from} means the store refused
     * one: the caller tries the rest again later.
     */
    int deliver(long[] offsets, int from, int to) {
        pending.clear();
        long nowMs = clock.nowMs();
        for (int i = from; i < to; i++) {
            MessageToStore copy = dueCopy(offsets[i], nowMs);
            pending.add(copy == null ? null : appender.appendAsIs(copy));
        }
        for (int i = 0; i < pending.size(); i++) {
            CompletableFuture<PutResult> f = pending.get(i);
            if (f != null && !stored(f)) {
                return i;
            }
        }
        return pending.size();
    }

    private boolean stored(CompletableFuture<PutResult> f) {
        try {
            PutResult result = f.get(PUT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (result.isStored()) {
                delivered.incrementAndGet();
                return true;
            }
            log.warn("the store refused a due timer message: {}", result.status());
        } catch (ExecutionException | TimeoutException e) {
            log.warn("storing a due timer message failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private MessageToStore dueCopy(long offset, long nowMs) {
        try (RecordLease lease = store.lookMessageByOffset(offset)) {
            if (lease.count() == 0) {
                return skip("a parked timer message is no longer in the commit log", offset);
            }
            SelectedRecord r = lease.records().get(0);
            StoredMessage parked =
                    StoredRecordDecoder.decode(r.buffer(), r.buffer().position());
            if (!SystemTopics.TIMER_TOPIC.equals(parked.topic())) {
                return skip("a timer entry points at a record of another topic", offset);
            }
            MessageToStore copy = TimerMessages.dueCopy(parked, nowMs);
            return copy == null ? skip("a parked timer message lacks a valid REAL_TOPIC/REAL_QID", offset) : copy;
        } catch (RecordFormatException e) {
            return skip("a parked timer message does not decode", offset);
        }
    }

    private MessageToStore skip(String what, long offset) {
        if (skipped.getAndIncrement() % 1_000 == 0) {
            log.warn("{} (commit-log offset {}); skipped, {} so far", what, offset, skipped.get());
        }
        return null;
    }

    long deliveredCount() {
        return delivered.get();
    }

    long skippedCount() {
        return skipped.get();
    }
}
