package dev.skiff.broker.stats;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Messages and their bytes per key over the last minute, hour and day: the figures behind {@code
 * VIEW_BROKER_STATS_DATA} (315). One instance serves one family of keys: topics for the {@code
 * TOPIC_PUT_*} items, {@code topic@group} for the {@code GROUP_GET_*} items (the official key
 * form; neither name may contain {@code @}, so the form is unambiguous). Each key carries two
 * figures, the message count and the byte count, so one instance answers the {@code _NUMS} and
 * the {@code _SIZE} item of its family, and counts the calls that added them, for each window's
 * average per call.
 *
 * <p>Counting ({@link #record(String, long, long)} for one-part keys, {@link #record(String,
 * String, long, long)} for two-part keys) takes no lock: one map lookup for a one-part key, two
 * for a two-part key (through an index by first then second part, so no key string is built), and
 * three {@link LongAdder} adds. Only a key's first count allocates. Every counter is sampled on three
 * rings, all by {@link #sample} (the housekeeping thread): every 10 s for a minute, every 10 min
 * for an hour and every hour for a day. A window's sum is the counter now minus its value at the
 * oldest sample the window still holds, so counts show at once, and the rate divides that sum by
 * the time since that sample. A counter created after a sample was 0 at that sample, which is what
 * its zeroed ring slots say.
 *
 * <p>Limits: at most {@code keysMax} keys are tracked; counts of further keys only add to {@link
 * #untracked}. A key with no count over a whole day of samples is dropped, and {@link #removeIf}
 * drops keys at once (a deleted topic or group). Creating, sampling, dropping and reading run
 * under this object's lock; a count racing with the drop of its key may be lost, which only
 * happens to a key idle for a day or just deleted.
 */
public final class KeyedStats {
    static final long MINUTE_STEP_MS = 10_000;
    static final long HOUR_STEP_MS = 600_000;
    static final long DAY_STEP_MS = 3_600_000;
    private static final int MINUTE = 0;
    private static final int HOUR = 1;
    private static final int DAY = 2;

    /** Which of a key's two figures to read. */
    enum Figure {
        MESSAGES,
        BYTES
    }

    /**
     * One window's figures: the sum, its rate per second, and the average per counted call
     * ({@code avgpt}: the sum divided by the {@link #record} calls in the window; 0 with none).
     */
    public record Window(long sum, double tps, double avgpt) {}

    /** A key's figures over the last minute, hour and day. */
    public record Snapshot(Window minute, Window hour, Window day) {}

    private final int keysMax;
    /** Every counter by its full key. */
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Counters of two-part keys by first, then second part: the same objects as in {@link #counters}. */
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> pairs = new ConcurrentHashMap<>();

    private final LongAdder untracked = new LongAdder();
    private final Ring[] rings;

    KeyedStats(int keysMax, long nowMs) {
        if (keysMax < 1) {
            throw new IllegalArgumentException("keysMax must be positive: " + keysMax);
        }
        this.keysMax = keysMax;
        this.rings = new Ring[] {
            new Ring(MINUTE_STEP_MS, 7, nowMs), new Ring(HOUR_STEP_MS, 7, nowMs), new Ring(DAY_STEP_MS, 25, nowMs)
        };
    }

    /** Counts {@code messages} of {@code bytes} in all under a one-part key. */
    void record(String key, long messages, long bytes) {
        Counter counter = counters.get(key);
        if (counter == null && (counter = create(key, null)) == null) {
            untracked.add(messages);
            return;
        }
        counter.add(messages, bytes);
    }

    /** Counts {@code messages} of {@code bytes} in all under the key {@code first@second}. */
    void record(String first, String second, long messages, long bytes) {
        ConcurrentMap<String, Counter> byFirst = pairs.get(first);
        Counter counter = byFirst == null ? null : byFirst.get(second);
        if (counter == null && (counter = create(first, second)) == null) {
            untracked.add(messages);
            return;
        }
        counter.add(messages, bytes);
    }

    /** What {@link #forEach} hands over: a key's parts ({@code second} null for a one-part key) and its running totals. */
    interface Visitor {
        void visit(String first, String second, long messages, long bytes);
    }

    /**
     * Hands every tracked key's running totals (since the key was first counted) to the visitor;
     * takes no lock, so a key created meanwhile may or may not be seen.
     */
    void forEach(Visitor visitor) {
        for (Counter counter : counters.values()) {
            visitor.visit(counter.first, counter.second, counter.messages.sum(), counter.bytes.sum());
        }
    }

    /** Messages of keys beyond the tracking limit. */
    long untracked() {
        return untracked.sum();
    }

    /** Keys tracked now. */
    int size() {
        return counters.size();
    }

    /** The counter of a new key, or null when the limit is reached; {@code second} null for a one-part key. */
    private Counter create(String first, String second) {
        if (counters.size() >= keysMax) {
            return null; // checked before the lock, so keys beyond the limit cost no lock
        }
        synchronized (this) {
            String key = second == null ? first : first + "@" + second;
            Counter counter = counters.get(key);
            if (counter != null) {
                return counter;
            }
            if (counters.size() >= keysMax) {
                return null;
            }
            counter = new Counter(first, second, rings);
            counters.put(key, counter);
            if (second != null) {
                pairs.computeIfAbsent(first, f -> new ConcurrentHashMap<>()).put(second, counter);
            }
            return counter;
        }
    }

    /** Takes the samples that are due; call every second or so. */
    synchronized void sample(long nowMs) {
        for (int r = 0; r < rings.length; r++) {
            Ring ring = rings[r];
            if (nowMs - ring.timesMs[ring.newest] < ring.stepMs) {
                continue;
            }
            ring.advance(nowMs);
            for (Counter counter : counters.values()) {
                counter.messageSamples[r][ring.newest] = counter.messages.sum();
                counter.byteSamples[r][ring.newest] = counter.bytes.sum();
                counter.callSamples[r][ring.newest] = counter.calls.sum();
            }
            if (r == DAY) {
                dropIdle();
            }
        }
    }

    /** The key's figures, or null when nothing was counted under it (or it was dropped). */
    synchronized Snapshot view(String key, Figure figure, long nowMs) {
        Counter counter = counters.get(key);
        if (counter == null) {
            return null;
        }
        return new Snapshot(
                window(counter, figure, MINUTE, nowMs),
                window(counter, figure, HOUR, nowMs),
                window(counter, figure, DAY, nowMs));
    }

    /** Messages per second over the last minute under the key; 0 when nothing was counted. */
    double minuteMessageTps(String key, long nowMs) {
        Snapshot snapshot = view(key, Figure.MESSAGES, nowMs);
        return snapshot == null ? 0 : snapshot.minute().tps();
    }

    /**
     * Drops every key whose parts match: {@code first} is the key itself for a one-part key,
     * {@code second} is null for it.
     */
    synchronized void removeIf(Predicate<String> first, Predicate<String> second) {
        for (Iterator<Counter> it = counters.values().iterator(); it.hasNext(); ) {
            Counter counter = it.next();
            if (first.test(counter.first) && second.test(counter.second)) {
                it.remove();
                unindex(counter);
            }
        }
    }

    private Window window(Counter counter, Figure figure, int r, long nowMs) {
        Ring ring = rings[r];
        int oldest = ring.oldest();
        long sum = figure == Figure.MESSAGES
                ? counter.messages.sum() - counter.messageSamples[r][oldest]
                : counter.bytes.sum() - counter.byteSamples[r][oldest];
        long calls = counter.calls.sum() - counter.callSamples[r][oldest];
        long elapsedMs = nowMs - ring.timesMs[oldest];
        return new Window(sum, elapsedMs > 0 ? sum * 1000.0 / elapsedMs : 0, calls > 0 ? (double) sum / calls : 0);
    }

    /** Drops counters that did not move over a full day ring. */
    private void dropIdle() {
        Ring day = rings[DAY];
        if (day.filled < day.timesMs.length) {
            return;
        }
        int oldest = day.oldest();
        for (Iterator<Counter> it = counters.values().iterator(); it.hasNext(); ) {
            Counter counter = it.next();
            if (counter.messages.sum() == counter.messageSamples[DAY][oldest]) {
                it.remove();
                unindex(counter);
            }
        }
    }

    private void unindex(Counter counter) {
        if (counter.second == null) {
            return;
        }
        ConcurrentMap<String, Counter> byFirst = pairs.get(counter.first);
        if (byFirst != null && byFirst.remove(counter.second, counter) && byFirst.isEmpty()) {
            pairs.remove(counter.first, byFirst);
        }
    }

    /** Sample times of one granularity, shared by every counter. */
    private static final class Ring {
        final long stepMs;
        final long[] timesMs;
        int newest;
        int filled = 1;

        Ring(long stepMs, int slots, long startMs) {
            this.stepMs = stepMs;
            this.timesMs = new long[slots];
            this.timesMs[0] = startMs;
        }

        void advance(long nowMs) {
            newest = (newest + 1) % timesMs.length;
            timesMs[newest] = nowMs;
            filled = Math.min(filled + 1, timesMs.length);
        }

        int oldest() {
            return Math.floorMod(newest - (filled - 1), timesMs.length);
        }
    }

    /** One key's running figures and their values at each ring's samples. */
    private static final class Counter {
        final String first;
        final String second;
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder calls = new LongAdder();
        final long[][] messageSamples;
        final long[][] byteSamples;
        final long[][] callSamples;

        Counter(String first, String second, Ring[] rings) {
            this.first = first;
            this.second = second;
            messageSamples = new long[rings.length][];
            byteSamples = new long[rings.length][];
            callSamples = new long[rings.length][];
            for (int r = 0; r < rings.length; r++) {
                messageSamples[r] = new long[rings[r].timesMs.length];
                byteSamples[r] = new long[rings[r].timesMs.length];
                callSamples[r] = new long[rings[r].timesMs.length];
            }
        }

        void add(long messageCount, long byteCount) {
            messages.add(messageCount);
            bytes.add(byteCount);
            calls.increment();
        }
    }
}
