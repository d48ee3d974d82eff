package dev.skiff.broker.admin;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broker-wide message counters for the runtime-info request: messages put (counted as the store
 * dispatches them, so every stored record, retries and delays included) and messages handed to
 * consumers ({@link #recordGot}, called by the pull path). Rates are derived from a ring of
 * once-a-second samples ({@link #sample}, from the housekeeping thread) over 10 s, 1 min and
 * 10 min; day totals roll over at local midnight of {@code zone}. Puts are also counted per topic
 * ({@link TopicPutStats}, sampled from {@link #sample}).
 *
 * <p>Counting is {@link LongAdder}s (and, for puts, one map lookup) on the hot paths; everything
 * else runs on the sampling thread or the admin threads under this object's lock. Lock order: this
 * object, then the {@link TopicPutStats} (whose reads take only its own lock).
 */
public final class BrokerStats implements ArrivalListener {
    static final int WINDOW_10S = 10;
    static final int WINDOW_1M = 60;
    static final int WINDOW_10M = 600;
    private static final int RING = WINDOW_10M + 1;
    /** Topics whose puts are counted one by one; puts of further topics only count broker-wide. */
    static final int TOPICS_TRACKED_MAX = 10_000;

    private final SkiffClock clock;
    private final ZoneId zone;
    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final TopicPutStats topicPuts;
    private final long[] sampleMs = new long[RING];
    private final long[] samplePuts = new long[RING];
    private final long[] sampleGets = new long[RING];
    private int samples;
    private int newest = -1;
    private LocalDate day;
    private long putsTodayMorning;
    private long putsYesterdayMorning;
    private long getsTodayMorning;
    private long getsYesterdayMorning;

    public BrokerStats(SkiffClock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.day = today();
        this.topicPuts = new TopicPutStats(TOPICS_TRACKED_MAX, clock.nowMs());
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        countPut(record.topic());
    }

    /** Counts one stored message of {@code topic}. */
    public void countPut(String topic) {
        puts.increment();
        topicPuts.record(topic);
    }

    /** The topic's stored messages over the last minute, hour and day; null when none was counted. */
    TopicPutStats.Snapshot topicPuts(String topic) {
        return topicPuts.view(topic, clock.nowMs());
    }

    /** Counts messages delivered to a consumer. */
    public void recordGot(int messages) {
        gets.add(messages);
    }

    public long putTotal() {
        return puts.sum();
    }

    public long getTotal() {
        return gets.sum();
    }

    /** Takes one sample; call about once a second. */
    public synchronized void sample() {
        long p = puts.sum();
        long g = gets.sum();
        LocalDate now = today();
        if (!now.equals(day)) {
            putsYesterdayMorning = now.minusDays(1).equals(day) ? putsTodayMorning : p;
            getsYesterdayMorning = now.minusDays(1).equals(day) ? getsTodayMorning : g;
            putsTodayMorning = p;
            getsTodayMorning = g;
            day = now;
        }
        newest = (newest + 1) % RING;
        sampleMs[newest] = clock.nowMs();
        samplePuts[newest] = p;
        sampleGets[newest] = g;
        samples = Math.min(samples + 1, RING);
        topicPuts.sample(sampleMs[newest]);
    }

    /** Put rate over 10 s, 1 min and 10 min, as {@code "a b c"} with two decimals. */
    public synchronized String putTps() {
        return rates(samplePuts);
    }

    /** Get rate over 10 s, 1 min and 10 min, as {@code "a b c"} with two decimals. */
    public synchronized String getTps() {
        return rates(sampleGets);
    }

    public synchronized long putTotalTodayMorning() {
        return putsTodayMorning;
    }

    public synchronized long putTotalYesterdayMorning() {
        return putsYesterdayMorning;
    }

    public synchronized long getTotalTodayMorning() {
        return getsTodayMorning;
    }

    public synchronized long getTotalYesterdayMorning() {
        return getsYesterdayMorning;
    }

    private String rates(long[] counts) {
        return String.format(
                Locale.ROOT,
                "%.2f %.2f %.2f",
                rate(counts, WINDOW_10S),
                rate(counts, WINDOW_1M),
                rate(counts, WINDOW_10M));
    }

    /** Per-second rate between the newest sample and the one {@code back} samples earlier (or the oldest). */
    private double rate(long[] counts, int back) {
        if (samples < 2) {
            return 0;
        }
        int steps = Math.min(back, samples - 1);
        int older = Math.floorMod(newest - steps, RING);
        long elapsedMs = sampleMs[newest] - sampleMs[older];
        if (elapsedMs <= 0) {
            return 0;
        }
        return (counts[newest] - counts[older]) * 1000.0 / elapsedMs;
    }

    private LocalDate today() {
        return Instant.ofEpochMilli(clock.nowMs()).atZone(zone).toLocalDate();
    }
}
