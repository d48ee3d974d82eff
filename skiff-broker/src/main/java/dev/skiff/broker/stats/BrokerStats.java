package dev.skiff.broker.stats;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broker-wide message counters for the runtime-info request: messages put (counted as the store
 * dispatches them, so every stored record, retries and delays included) and messages handed to
 * consumers ({@link #countGot}, called by the pull path once per pull that found messages). Rates
 * are derived from a ring of once-a-second samples ({@link #sample}, from the housekeeping thread)
 * over 10 s, 1 min and 10 min; day totals roll over at local midnight of {@code zone}.
 *
 * <p>The same counts are kept per key for {@code VIEW_BROKER_STATS_DATA} ({@link #statsData}):
 * puts per topic ({@code TOPIC_PUT_NUMS}, and their stored bytes {@code TOPIC_PUT_SIZE}) and gets
 * per {@code topic@group} ({@code GROUP_GET_NUMS}, and the bytes handed out {@code
 * GROUP_GET_SIZE}), each family in one {@link KeyedStats} sampled from {@link #sample}. A group's
 * consume rate for {@code GET_CONSUME_STATS} is its minute rate of gets ({@link #consumeTps}).
 *
 * <p>Counting is {@link LongAdder}s and one map lookup per put, two per pull, on the hot paths;
 * everything else runs on the sampling thread or the admin threads under this object's lock. Lock
 * order: this object, then a {@link KeyedStats} (whose reads take only its own lock).
 */
public final class BrokerStats implements ArrivalListener {
    static final int WINDOW_10S = 10;
    static final int WINDOW_1M = 60;
    static final int WINDOW_10M = 600;
    private static final int RING = WINDOW_10M + 1;
    /** Topics whose puts are counted one by one; puts of further topics only count broker-wide. */
    static final int TOPICS_TRACKED_MAX = 10_000;
    /** {@code topic@group} pairs whose gets are counted one by one; further gets only count broker-wide. */
    static final int GROUP_TOPICS_TRACKED_MAX = 10_000;

    static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    static final String TOPIC_PUT_SIZE = "TOPIC_PUT_SIZE";
    static final String GROUP_GET_NUMS = "GROUP_GET_NUMS";
    static final String GROUP_GET_SIZE = "GROUP_GET_SIZE";
    /** The statistics {@link #statsData} answers, by their official names. */
    static final List<String> STATS_KEPT = List.of(TOPIC_PUT_NUMS, TOPIC_PUT_SIZE, GROUP_GET_NUMS, GROUP_GET_SIZE);
    /** {@link #STATS_KEPT} with their keys, for error remarks. */
    public static final String STATS_KEPT_DESC = TOPIC_PUT_NUMS + " and " + TOPIC_PUT_SIZE + " per topic, "
            + GROUP_GET_NUMS + " and " + GROUP_GET_SIZE + " per topic@group";

    private final SkiffClock clock;
    private final ZoneId zone;
    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final KeyedStats topicPuts;
    private final KeyedStats groupGets;
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
        this.topicPuts = new KeyedStats(TOPICS_TRACKED_MAX, clock.nowMs());
        this.groupGets = new KeyedStats(GROUP_TOPICS_TRACKED_MAX, clock.nowMs());
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        countPut(record.topic(), record.size());
    }

    /** Counts one stored message of {@code topic}, {@code bytes} long as stored. */
    public void countPut(String topic, int bytes) {
        puts.increment();
        topicPuts.record(topic, 1, bytes);
    }

    /**
     * Counts the messages one pull response hands to {@code group}: {@code messages} records of
     * {@code topic}, {@code bytes} long in all as stored.
     */
    public void countGot(String topic, String group, int messages, long bytes) {
        gets.add(messages);
        groupGets.record(topic, group, messages, bytes);
    }

    /**
     * One statistic under its official name ({@link #STATS_KEPT}) for a key ({@code topic} for the
     * put items, {@code topic@group} for the get items) over the last minute, hour and day; null
     * for another name or a key with nothing counted.
     */
    public KeyedStats.Snapshot statsData(String name, String key) {
        Objects.requireNonNull(key, "key");
        long nowMs = clock.nowMs();
        return switch (name) {
            case TOPIC_PUT_NUMS -> topicPuts.view(key, KeyedStats.Figure.MESSAGES, nowMs);
            case TOPIC_PUT_SIZE -> topicPuts.view(key, KeyedStats.Figure.BYTES, nowMs);
            case GROUP_GET_NUMS -> groupGets.view(key, KeyedStats.Figure.MESSAGES, nowMs);
            case GROUP_GET_SIZE -> groupGets.view(key, KeyedStats.Figure.BYTES, nowMs);
            case null, default -> null;
        };
    }

    /** Messages per second the group got from the topic over the last minute; 0 when none. */
    public double consumeTps(String group, String topic) {
        return groupGets.minuteMessageTps(topic + "@" + group, clock.nowMs());
    }

    /** Messages per second stored to the topic over the last minute; 0 when none. */
    public double topicPutTps(String topic) {
        return topicPuts.minuteMessageTps(topic, clock.nowMs());
    }

    /** Forgets the per-key figures of a deleted topic: its puts and every group's gets from it. */
    public void onTopicDeleted(String topic) {
        topicPuts.removeIf(topic::equals, second -> true);
        groupGets.removeIf(topic::equals, group -> true);
    }

    /** Forgets the gets of a deleted group from every topic. */
    public void onGroupDeleted(String group) {
        groupGets.removeIf(topic -> true, group::equals);
    }

    /** A topic's running put totals, for the metrics endpoint. */
    public interface TopicTotals {
        void visit(String topic, long messages, long bytes);
    }

    /** A group's running get totals from one topic, for the metrics endpoint. */
    public interface GroupTotals {
        void visit(String topic, String group, long messages, long bytes);
    }

    /**
     * Hands the running put totals of every tracked topic to {@code visitor}. A topic's totals
     * restart at zero when it is forgotten (deleted, or idle a day) and counted again.
     */
    public void forEachTopicPut(TopicTotals visitor) {
        topicPuts.forEach((topic, unused, messages, bytes) -> visitor.visit(topic, messages, bytes));
    }

    /** Hands the running get totals of every tracked {@code topic@group} to {@code visitor}. */
    public void forEachGroupGet(GroupTotals visitor) {
        groupGets.forEach(visitor::visit);
    }

    /** Puts of topics beyond the tracking limit (counted broker-wide only). */
    public long untrackedPuts() {
        return topicPuts.untracked();
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
        groupGets.sample(sampleMs[newest]);
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
