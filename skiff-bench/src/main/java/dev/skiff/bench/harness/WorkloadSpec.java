package dev.skiff.bench.harness;

import java.time.Duration;

/**
 * One workload, fully described: what is sent, how, how fast and for how long. Immutable and
 * checked when built, so a runner never sees a nonsensical combination.
 *
 * @param id short name used in tables and files ({@code w1} ... {@code w8})
 * @param title one line for humans
 * @param kind what is measured
 * @param threads producer threads (1..1024)
 * @param bodyBytes message body size (1..4 MiB)
 * @param batch messages per send request (1 = single sends; batches only with SYNC or ASYNC)
 * @param sendMode sync, async or one-way
 * @param maxInFlight bound on unacknowledged async sends across all threads (ASYNC only, else 0)
 * @param targetRate messages per second for fixed-rate mode (latency with coordinated-omission
 *     correction), 0 = as fast as possible
 * @param duration measured time (PRODUCE, END_TO_END)
 * @param warmup unmeasured time before it
 * @param keys whether each message carries a unique key
 * @param tag the tag on every message, or null
 * @param topics how many topics the sends are spread across (round robin)
 * @param queuesPerTopic queues of each topic when the harness creates them
 * @param drainCount messages pre-filled and drained (DRAIN only, else 0)
 * @param syncFlush whether the broker must run with SYNC_FLUSH for this workload
 */
public record WorkloadSpec(
        String id,
        String title,
        WorkloadKind kind,
        int threads,
        int bodyBytes,
        int batch,
        SendMode sendMode,
        int maxInFlight,
        int targetRate,
        Duration duration,
        Duration warmup,
        boolean keys,
        String tag,
        int topics,
        int queuesPerTopic,
        int drainCount,
        boolean syncFlush) {

    public static final int THREADS_MAX = 1024;
    public static final int BODY_MAX_BYTES = 4 << 20;
    public static final int BATCH_MAX = 1024;
    public static final int IN_FLIGHT_MAX = 100_000;
    public static final int RATE_MAX = 10_000_000;
    public static final int TOPICS_MAX = 10_000;
    public static final int DRAIN_MAX = 100_000_000;
    public static final Duration DURATION_MAX = Duration.ofHours(1);

    public WorkloadSpec {
        require(id != null && !id.isBlank(), "id is required");
        require(kind != null && sendMode != null, "kind and sendMode are required");
        require(threads >= 1 && threads <= THREADS_MAX, "threads must be 1.." + THREADS_MAX + ": " + threads);
        require(bodyBytes >= 1 && bodyBytes <= BODY_MAX_BYTES, "bodyBytes must be 1.." + BODY_MAX_BYTES);
        require(batch >= 1 && batch <= BATCH_MAX, "batch must be 1.." + BATCH_MAX + ": " + batch);
        require(batch == 1 || sendMode != SendMode.ONEWAY, "one-way sends cannot be batched");
        require(
                sendMode == SendMode.ASYNC ? maxInFlight >= 1 && maxInFlight <= IN_FLIGHT_MAX : maxInFlight == 0,
                "maxInFlight must be 1.." + IN_FLIGHT_MAX + " for ASYNC and 0 otherwise: " + maxInFlight);
        require(targetRate >= 0 && targetRate <= RATE_MAX, "targetRate must be 0.." + RATE_MAX);
        require(kind != WorkloadKind.END_TO_END || targetRate > 0, "END_TO_END needs a targetRate");
        require(positive(duration) && duration.compareTo(DURATION_MAX) <= 0, "duration must be > 0 and <= 1 h");
        require(warmup != null && !warmup.isNegative() && warmup.compareTo(DURATION_MAX) <= 0, "bad warmup");
        require(topics >= 1 && topics <= TOPICS_MAX, "topics must be 1.." + TOPICS_MAX + ": " + topics);
        require(queuesPerTopic >= 1 && queuesPerTopic <= 64, "queuesPerTopic must be 1..64");
        require(
                kind == WorkloadKind.DRAIN ? drainCount >= 1 && drainCount <= DRAIN_MAX : drainCount == 0,
                "drainCount must be 1.." + DRAIN_MAX + " for DRAIN and 0 otherwise: " + drainCount);
        title = title == null ? id : title;
    }

    /** The same workload with other times (smoke tests, quick runs). */
    public WorkloadSpec withTimes(Duration newDuration, Duration newWarmup) {
        return copy(newDuration, newWarmup, targetRate, topics, drainCount);
    }

    /** The same workload with another drain count (DRAIN only). */
    public WorkloadSpec withDrainCount(int count) {
        return copy(duration, warmup, targetRate, topics, count);
    }

    /** The same workload spread over another number of topics. */
    public WorkloadSpec withTopics(int count) {
        return copy(duration, warmup, targetRate, count, drainCount);
    }

    /** The same workload at another fixed rate (0 = unpaced; END_TO_END needs > 0). */
    public WorkloadSpec withTargetRate(int rate) {
        return copy(duration, warmup, rate, topics, drainCount);
    }

    /** One copy with the fields the {@code with…} methods may change; checked like any spec. */
    private WorkloadSpec copy(Duration newDuration, Duration newWarmup, int rate, int topicCount, int drain) {
        return new WorkloadSpec(
                id,
                title,
                kind,
                threads,
                bodyBytes,
                batch,
                sendMode,
                maxInFlight,
                rate,
                newDuration,
                newWarmup,
                keys,
                tag,
                topicCount,
                queuesPerTopic,
                drain,
                syncFlush);
    }

    /** The topic of index {@code i} (0-based) for a run with the given prefix. */
    public String topic(String prefix, int i) {
        return topics == 1 ? prefix + "_" + id : prefix + "_" + id + "_" + i;
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
