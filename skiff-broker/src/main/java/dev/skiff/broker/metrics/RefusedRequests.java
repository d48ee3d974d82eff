package dev.skiff.broker.metrics;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.metrics.Snapshots;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the broker refused, counted by response code ({@code skiff_requests_refused_total{code,
 * request_code}}) and logged at INFO with the client and the reason, at most one line per {@link
 * #LOG_INTERVAL_MS} (the line says how many were refused since the last one). Counting is a map
 * lookup and a {@link LongAdder} add; at most {@link #KEYS_MAX} (code, request code) pairs are
 * kept, further ones count under request code -1.
 */
public final class RefusedRequests implements MultiCollector {
    static final long LOG_INTERVAL_MS = 10_000;
    static final int KEYS_MAX = 512;
    private static final Logger log = LoggerFactory.getLogger(RefusedRequests.class);

    private record Key(int code, int requestCode) {}

    private final SkiffClock clock;
    private final ConcurrentMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong lastLogMs = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder sinceLog = new LongAdder();
    private volatile Labels constant = Labels.EMPTY;

    public RefusedRequests(SkiffClock clock) {
        this.clock = clock;
    }

    /** Labels every sample carries (cluster, node); set once the broker's names are known. */
    void constantLabels(Labels labels) {
        this.constant = labels;
    }

    /** Counts one refused request and logs it unless a line was logged within the interval. */
    public void refused(int responseCode, int requestCode, String client, String reason) {
        Key key = new Key(responseCode, requestCode);
        LongAdder adder = counts.get(key);
        if (adder == null) {
            if (counts.size() >= KEYS_MAX) {
                key = new Key(responseCode, -1);
            }
            adder = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
        sinceLog.increment();
        long now = clock.nowMs();
        long last = lastLogMs.get();
        if (last == Long.MIN_VALUE || now - last >= LOG_INTERVAL_MS) {
            if (lastLogMs.compareAndSet(last, now)) {
                long n = sinceLog.sumThenReset();
                log.info(
                        "refused request code {} from {}: {} (response {}; {} refused since the last such line)",
                        requestCode,
                        client,
                        reason,
                        responseCode,
                        n);
            }
        }
    }

    /** Refused so far with this response code, all request codes together. */
    public long count(int responseCode) {
        long sum = 0;
        for (Map.Entry<Key, LongAdder> e : counts.entrySet()) {
            if (e.getKey().code() == responseCode) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder refused =
                Snapshots.counter("skiff_requests_refused", "Requests refused, by response code");
        Labels base = constant;
        Map<Key, LongAdder> sorted = new TreeMap<>((a, b) -> a.code() != b.code()
                ? Integer.compare(a.code(), b.code())
                : Integer.compare(a.requestCode(), b.requestCode()));
        sorted.putAll(counts);
        sorted.forEach((key, adder) -> refused.dataPoint(Snapshots.counterPoint(
                base.merge(Labels.of(
                        "code", Integer.toString(key.code()), "request_code", Integer.toString(key.requestCode()))),
                adder.sum())));
        return MetricSnapshots.of(refused.build());
    }
}
