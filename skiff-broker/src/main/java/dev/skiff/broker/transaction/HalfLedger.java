package dev.skiff.broker.transaction;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The check-back's bookkeeping, in memory, without I/O: which half messages are undecided, how far
 * the half and op queues have been read, and which decisions are being made now. Not thread-safe:
 * its owner ({@link HalfTransactions}) calls it under one lock.
 *
 * <p>A half message is in exactly one of these states:
 *
 * <ul>
 *   <li><b>unread</b>: at or past {@link #halfNext()}; the scan has not reached it.
 *   <li><b>pending</b>: read, undecided, waiting for a decision or its next check-back.
 *   <li><b>in flight</b>: a decision (or giving up) has taken it and is writing; {@link #done}
 *       ends it, {@link #release} puts it back when the writes failed.
 *   <li><b>decided ahead</b>: decided before the scan read it (a decision arriving right after the
 *       send, or an op record read first at restart); the scan skips it when it gets there.
 *   <li><b>gone</b>: behind {@link #halfNext()} and in no table: decided, or never a half message.
 * </ul>
 *
 * A take of a message that is not pending (gone, decided ahead, in flight) is refused: that is
 * what keeps a late or repeated decision from delivering a message twice.
 *
 * <p>Snapshot (JSON, see {@link #toJson}): the read positions, the pending entries (with those in
 * flight, which are not decided until their op record is written) and the decided-ahead offsets.
 * Replaying op records from the snapshot's op position is idempotent, so a snapshot older than the
 * newest decisions is safe: the op records written since are read again.
 */
final class HalfLedger {
    private final long timeoutMs;
    private final int pendingMax;
    private final TreeMap<Long, HalfEntry> pending = new TreeMap<>();
    private final Map<Long, HalfEntry> inFlight = new HashMap<>();
    private final Set<Long> decidedAhead = new HashSet<>();
    private long halfNext;
    private long opNext;

    /**
     * @param timeoutMs how old a half message is before its first check-back (transactionTimeOut)
     * @param pendingMax how many pending, in-flight and decided-ahead entries are held at most; the
     *     scan pauses at that many
     */
    HalfLedger(long timeoutMs, int pendingMax) {
        if (timeoutMs <= 0 || pendingMax <= 0) {
            throw new IllegalArgumentException("timeout and pending limit must be positive");
        }
        this.timeoutMs = timeoutMs;
        this.pendingMax = pendingMax;
    }

    /** The outcome of {@link #take}. */
    enum Take {
        TAKEN,
        /** Decided before, or not a half message this broker knows of. */
        NOT_PENDING,
        /** Another decision on it is being written now. */
        IN_FLIGHT,
        /** Too many entries held; try again later. */
        FULL
    }

    // ---- scan --------------------------------------------------------------------------------

    /** Whether the scan may read another half message. */
    boolean hasRoom() {
        return size() < pendingMax;
    }

    /**
     * The scan read the half message at {@code entry.halfOffset()} (= {@link #halfNext()}).
     * {@code immunityMs} delays its first check-back beyond the timeout (0 = none).
     */
    void onHalf(long halfOffset, long commitLogOffset, String group, long storedMs, long immunityMs) {
        if (halfOffset < halfNext) {
            throw new IllegalStateException("half offset " + halfOffset + " read again (next " + halfNext + ")");
        }
        halfNext = halfOffset + 1;
        if (decidedAhead.remove(halfOffset) || inFlight.containsKey(halfOffset)) {
            return;
        }
        long firstCheckMs = storedMs + Math.max(timeoutMs, immunityMs);
        pending.put(halfOffset, new HalfEntry(halfOffset, commitLogOffset, group, storedMs, 0, firstCheckMs));
    }

    /** The scan met a gap or a record that is not a half message: moves past it. */
    void skipHalf(long nextOffset) {
        if (nextOffset > halfNext) {
            for (Long ahead : new ArrayList<>(decidedAhead)) {
                if (ahead < nextOffset) {
                    decidedAhead.remove(ahead);
                }
            }
            halfNext = nextOffset;
        }
    }

    /** The op record at {@code opOffset} says these half messages are decided. */
    void onOp(long opOffset, long[] halfOffsets) {
        if (opOffset < opNext) {
            throw new IllegalStateException("op offset " + opOffset + " read again (next " + opNext + ")");
        }
        opNext = opOffset + 1;
        for (long half : halfOffsets) {
            if (half < halfNext) {
                pending.remove(half);
            } else if (!inFlight.containsKey(half) && decidedAhead.size() < pendingMax) {
                decidedAhead.add(half);
            }
        }
    }

    /** The op queue has nothing readable at {@link #opNext()}: moves past a gap. */
    void skipOp(long nextOffset) {
        opNext = Math.max(opNext, nextOffset);
    }

    // ---- decisions ---------------------------------------------------------------------------

    /**
     * Takes a half message for a decision. {@code ifUnread} is its entry when the scan has not read
     * it yet (the caller built it from the record; null: only a pending message may be taken);
     * ignored otherwise.
     */
    Take take(long halfOffset, HalfEntry ifUnread) {
        if (inFlight.containsKey(halfOffset)) {
            return Take.IN_FLIGHT;
        }
        if (halfOffset < halfNext) {
            HalfEntry entry = pending.remove(halfOffset);
            if (entry == null) {
                return Take.NOT_PENDING;
            }
            inFlight.put(halfOffset, entry);
            return Take.TAKEN;
        }
        if (ifUnread == null || decidedAhead.contains(halfOffset)) {
            return Take.NOT_PENDING;
        }
        if (!hasRoom()) {
            return Take.FULL;
        }
        inFlight.put(halfOffset, ifUnread);
        return Take.TAKEN;
    }

    /** The decision on a taken message is written (its op record is in the log). */
    void done(long halfOffset) {
        if (inFlight.remove(halfOffset) == null) {
            throw new IllegalStateException("half offset " + halfOffset + " was not taken");
        }
        if (halfOffset >= halfNext) {
            decidedAhead.add(halfOffset);
        }
    }

    /** The writes for a taken message failed: it is pending again (when the scan has read it). */
    void release(long halfOffset) {
        HalfEntry entry = inFlight.remove(halfOffset);
        if (entry == null) {
            throw new IllegalStateException("half offset " + halfOffset + " was not taken");
        }
        if (halfOffset < halfNext) {
            pending.put(halfOffset, entry);
        }
    }

    // ---- check-back --------------------------------------------------------------------------

    /** Pending entries due at {@code nowMs}, oldest first, at most {@code max}. */
    List<HalfEntry> due(long nowMs, int max) {
        List<HalfEntry> out = new ArrayList<>();
        for (HalfEntry e : pending.values()) {
            if (out.size() >= max) {
                break;
            }
            if (e.nextCheckMs() <= nowMs) {
                out.add(e);
            }
        }
        return out;
    }

    /** A check-back was sent for a pending entry; false when it is no longer pending. */
    boolean checked(long halfOffset, long nowMs, long intervalMs) {
        HalfEntry e = pending.get(halfOffset);
        if (e == null) {
            return false;
        }
        pending.put(halfOffset, e.checkedAt(nowMs, intervalMs));
        return true;
    }

    /** The earliest time a pending entry is due, or {@code Long.MAX_VALUE}. */
    long nextDueMs() {
        long min = Long.MAX_VALUE;
        for (HalfEntry e : pending.values()) {
            min = Math.min(min, e.nextCheckMs());
        }
        return min;
    }

    // ---- figures -----------------------------------------------------------------------------

    long halfNext() {
        return halfNext;
    }

    long opNext() {
        return opNext;
    }

    int pendingCount() {
        return pending.size() + inFlight.size();
    }

    /** The lowest half offset not yet decided (what a progress display shows as consumed). */
    long lowestUndecided() {
        long low = halfNext;
        if (!pending.isEmpty()) {
            low = Math.min(low, pending.firstKey());
        }
        for (long k : inFlight.keySet()) {
            low = Math.min(low, k);
        }
        return low;
    }

    HalfEntry pendingEntry(long halfOffset) {
        return pending.get(halfOffset);
    }

    private int size() {
        return pending.size() + inFlight.size() + decidedAhead.size();
    }

    // ---- snapshot ----------------------------------------------------------------------------

    /**
     * <pre>{@code
     * {"halfOffset": 120, "opOffset": 95,
     *  "pending": [{"offset": 118, "commitLogOffset": 40960, "group": "pg", "storedMs": 1700000000000,
     *               "checks": 2, "nextCheckMs": 1700000120000}],
     *  "decidedAhead": [121]}
     * }</pre>
     */
    JsonObject toJson() {
        JsonArray entries = new JsonArray();
        List<HalfEntry> all = new ArrayList<>(pending.values());
        for (HalfEntry e : inFlight.values()) {
            if (e.halfOffset() < halfNext) {
                all.add(e);
            }
        }
        for (HalfEntry e : all) {
            entries.add(new JsonObject()
                    .put("offset", e.halfOffset())
                    .put("commitLogOffset", e.commitLogOffset())
                    .put("group", e.producerGroup())
                    .put("storedMs", e.storedMs())
                    .put("checks", e.checks())
                    .put("nextCheckMs", e.nextCheckMs()));
        }
        JsonArray ahead = new JsonArray();
        for (long offset : decidedAhead) {
            ahead.add(JsonNumber.of(offset));
        }
        return new JsonObject()
                .put("halfOffset", halfNext)
                .put("opOffset", opNext)
                .put("pending", entries)
                .put("decidedAhead", ahead);
    }

    /** Loads a snapshot into an empty ledger; throws {@link JsonException} on a malformed one. */
    void load(JsonObject snapshot) {
        if (halfNext != 0 || opNext != 0 || size() != 0) {
            throw new IllegalStateException("the ledger is not empty");
        }
        halfNext = snapshot.getLong("halfOffset", 0);
        opNext = snapshot.getLong("opOffset", 0);
        JsonArray entries = snapshot.getArray("pending");
        if (entries != null) {
            for (JsonValue v : entries) {
                JsonObject o = v.asObject();
                HalfEntry e = new HalfEntry(
                        o.getLong("offset", -1),
                        o.getLong("commitLogOffset", -1),
                        o.getString("group"),
                        o.getLong("storedMs", 0),
                        o.getInt("checks", 0),
                        o.getLong("nextCheckMs", 0));
                if (e.halfOffset() < halfNext && pending.size() < pendingMax) {
                    pending.put(e.halfOffset(), e);
                }
            }
        }
        JsonArray ahead = snapshot.getArray("decidedAhead");
        if (ahead != null) {
            for (JsonValue v : ahead) {
                if (v.asLong() >= halfNext && decidedAhead.size() < pendingMax) {
                    decidedAhead.add(v.asLong());
                }
            }
        }
    }
}
