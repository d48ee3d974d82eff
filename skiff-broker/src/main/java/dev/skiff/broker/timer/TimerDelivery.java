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
import dev.skiff.store.PutStatus;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.util.ArrayDeque;
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
 * Re-stores parked timer messages to their real topics, in order: reads each by its commit-log
 * offset and makes the {@link TimerMessages#dueCopy}; the copies go to the store in <b>groups</b>
 * (at most {@link #GROUP_MESSAGES_MAX} messages and about {@link #GROUP_BYTES_MAX} bytes), each
 * one append of separate records (one encode buffer, one turn of the commit log's lock) instead of
 * one append per message; and the groups are <b>pipelined</b>: the next group is read and appended
 * while the earlier ones wait for their flush (at most {@link #IN_FLIGHT_GROUPS_MAX} unconfirmed,
 * which bounds the copies held), and {@link #deliver} waits, at the end, for the rest. Under
 * async flush an append is confirmed at once; under sync flush the groups share the flush
 * thread's forces instead of each waiting for its own.
 *
 * <p>The answer counts only what is known stored, from the first message on, in order: a group the
 * store refused ends the count there, so the caller marks nothing of it (or after it) delivered and
 * tries again from there (at least once: a later group that was stored meanwhile is stored again).
 * A group refused for one bad message ({@code MESSAGE_ILLEGAL}, {@code PROPERTIES_SIZE_EXCEEDED})
 * is appended again one message at a time, and a message the store can never take is skipped and
 * counted, so one bad message cannot stop every later timer. A record that is gone or not a parked
 * timer message is skipped and counted too.
 */
final class TimerDelivery {
    private static final Logger log = LoggerFactory.getLogger(TimerDelivery.class);
    private static final long PUT_TIMEOUT_MS = 10_000;
    /** Messages in one group append. */
    static final int GROUP_MESSAGES_MAX = 256;
    /** Bytes (bodies and properties) in one group append, about; a bigger message goes alone. */
    static final int GROUP_BYTES_MAX = 1 << 20;
    /** Groups appended and not yet confirmed, at most: bounds the copies held (8 MiB, about). */
    static final int IN_FLIGHT_GROUPS_MAX = 8;
    /** Added to body and properties to estimate a stored record's size. */
    private static final int RECORD_OVERHEAD_BYTES = 256;

    private final MessageStore store;
    private final MessageAppender appender;
    private final SkiffClock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong groups = new AtomicLong();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private int confirmedTo; // the timer thread's, during deliver

    /** A group appended and not yet confirmed: its messages are {@code offsets[from..to)}. */
    private record Pending(int from, int to, List<MessageToStore> copies, CompletableFuture<PutResult> stored) {}

    TimerDelivery(MessageStore store, MessageAppender appender, SkiffClock clock) {
        this.store = store;
        this.appender = appender;
        this.clock = clock;
    }

    /**
     * Delivers the messages at {@code offsets[from..to)}; returns how many of them, from {@code
     * from} on, are done (stored or skipped). Fewer than {@code to - from} means the store refused
     * a group: the caller tries the rest again later.
     */
    int deliver(long[] offsets, int from, int to) {
        inFlight.clear();
        confirmedTo = from;
        long nowMs = clock.nowMs();
        List<MessageToStore> group = new ArrayList<>();
        int groupFrom = from;
        int groupBytes = 0;
        for (int i = from; i < to; i++) {
            MessageToStore copy = dueCopy(offsets[i], nowMs);
            int bytes =
                    copy == null ? 0 : copy.body().length + copy.properties().length() + RECORD_OVERHEAD_BYTES;
            if (!group.isEmpty() && (group.size() >= GROUP_MESSAGES_MAX || groupBytes + bytes > GROUP_BYTES_MAX)) {
                if (!send(groupFrom, i, group)) {
                    return confirmedTo - from;
                }
                group = new ArrayList<>();
                groupFrom = i;
                groupBytes = 0;
            }
            if (copy != null) {
                group.add(copy);
                groupBytes += bytes;
            }
        }
        if (send(groupFrom, to, group)) {
            while (!inFlight.isEmpty() && confirmHead()) {
                // waits for the groups still in flight, oldest first
            }
        }
        inFlight.clear();
        return confirmedTo - from;
    }

    /** Appends a group; false when an earlier group, waited for to make room, was refused. */
    private boolean send(int from, int to, List<MessageToStore> group) {
        if (to <= from) {
            return true;
        }
        CompletableFuture<PutResult> f =
                group.isEmpty() ? CompletableFuture.completedFuture(null) : appender.appendGroupAsIs(group);
        groups.incrementAndGet();
        inFlight.addLast(new Pending(from, to, group, f));
        while (inFlight.size() >= IN_FLIGHT_GROUPS_MAX) {
            if (!confirmHead()) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the oldest group in flight; true when it is confirmed (and taken off). */
    private boolean confirmHead() {
        Pending p = inFlight.peekFirst();
        if (!confirmed(p)) {
            return false;
        }
        inFlight.removeFirst();
        confirmedTo = p.to;
        return true;
    }

    /** Waits for a group; true when every message of it is stored or skipped for good. */
    private boolean confirmed(Pending p) {
        if (p.copies.isEmpty()) {
            return true;
        }
        PutResult result = await(p.stored);
        if (result != null && result.isStored()) {
            delivered.addAndGet(p.copies.size());
            return true;
        }
        if (result != null && messageRefused(result.status())) {
            return oneByOne(p.copies);
        }
        log.warn("the store refused due timer messages: {}", result == null ? "no answer" : result.status());
        return false;
    }

    /** A group refused for one of its messages, appended again message by message. */
    private boolean oneByOne(List<MessageToStore> copies) {
        for (MessageToStore copy : copies) {
            PutResult r = await(appender.appendAsIs(copy));
            if (r != null && r.isStored()) {
                delivered.incrementAndGet();
            } else if (r != null && messageRefused(r.status())) {
                skipped.incrementAndGet();
                log.error(
                        "a due timer message for {} was refused by the store ({}) and can never be delivered;"
                                + " skipped, {} so far",
                        copy.topic(),
                        r.status(),
                        skipped.get());
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean messageRefused(PutStatus s) {
        return s == PutStatus.MESSAGE_ILLEGAL || s == PutStatus.PROPERTIES_SIZE_EXCEEDED;
    }

    private static PutResult await(CompletableFuture<PutResult> f) {
        try {
            return f.get(PUT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("storing due timer messages failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
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

    /** Group appends made since start. */
    long groupCount() {
        return groups.get();
    }
}
