package dev.skiff.broker.admin;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages stored per topic over the last minute, hour and day: the {@code TOPIC_PUT_NUMS} figures
 * of {@code VIEW_BROKER_STATS_DATA} (315), which {@code mqadmin statsAll} and {@code
 * exportMetrics} print as a topic's in-rate and its messages of the last 24 hours.
 *
 * <p>Counting ({@link #record}, on the store's dispatcher thread) is a map lookup and a {@link
 * LongAdder} increment; only a topic's first message allocates. Every counter is sampled on three
 * rings, all by {@link #sample} (the housekeeping thread): every 10 s for a minute, every 10 min
 * for an hour and every hour for a day. A window's sum is the counter now minus its value at the
 * oldest sample the window still holds, so messages count at once, and the rate divides that sum
 * by the time since that sample. A counter created after a sample was 0 at that sample, which is
 * what its zeroed ring slots say.
 *
 * <p>Limits: at most {@code topicsMax} topics are tracked; messages of further topics are only
 * counted in {@link #untracked}. A topic with no message over a whole day of samples is dropped.
 * Samples and reads run under this object's lock; {@link #record} takes none.
 */
final class TopicPutStats {
    static final long MINUTE_STEP_MS = 10_000;
    static final long HOUR_STEP_MS = 600_000;
    static final long DAY_STEP_MS = 3_600_000;
    private static final int MINUTE = 0;
    private static final int HOUR = 1;
    private static final int DAY = 2;

    /** One window's figures: messages stored and their rate per second. */
    record Window(long sum, double tps) {}

    /** A topic's figures over the last minute, hour and day. */
    record Snapshot(Window minute, Window hour, Window day) {}

    private final int topicsMax;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final LongAdder untracked = new LongAdder();
    private final Ring[] rings;

    TopicPutStats(int topicsMax, long nowMs) {
        this.topicsMax = topicsMax;
        this.rings = new Ring[] {
            new Ring(MINUTE_STEP_MS, 7, nowMs), new Ring(HOUR_STEP_MS, 7, nowMs), new Ring(DAY_STEP_MS, 25, nowMs)
        };
    }

    /** Counts one stored message of {@code topic}. */
    void record(String topic) {
        Counter counter = counters.get(topic);
        if (counter == null) {
            if (counters.size() >= topicsMax) {
                untracked.increment();
                return;
            }
            counter = counters.computeIfAbsent(topic, t -> new Counter(rings));
        }
        counter.count.increment();
    }

    /** Messages of topics beyond the tracking limit. */
    long untracked() {
        return untracked.sum();
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
                counter.samples[r][ring.newest] = counter.count.sum();
            }
            if (r == DAY) {
                dropIdle();
            }
        }
    }

    /** The topic's figures, or null when no message of it was counted (or it went idle for a day). */
    synchronized Snapshot view(String topic, long nowMs) {
        Counter counter = counters.get(topic);
        if (counter == null) {
            return null;
        }
        long now = counter.count.sum();
        return new Snapshot(
                window(counter, MINUTE, now, nowMs),
                window(counter, HOUR, now, nowMs),
                window(counter, DAY, now, nowMs));
    }

    private Window window(Counter counter, int r, long count, long nowMs) {
        Ring ring = rings[r];
        int oldest = ring.oldest();
        long sum = count - counter.samples[r][oldest];
        long elapsedMs = nowMs - ring.timesMs[oldest];
        return new Window(sum, elapsedMs > 0 ? sum * 1000.0 / elapsedMs : 0);
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
            if (counter.count.sum() == counter.samples[DAY][oldest]) {
                it.remove();
            }
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

    /** One topic's running count and its value at each ring's samples. */
    private static final class Counter {
        final LongAdder count = new LongAdder();
        final long[][] samples;

        Counter(Ring[] rings) {
            samples = new long[rings.length][];
            for (int r = 0; r < rings.length; r++) {
                samples[r] = new long[rings[r].timesMs.length];
            }
        }
    }
}
