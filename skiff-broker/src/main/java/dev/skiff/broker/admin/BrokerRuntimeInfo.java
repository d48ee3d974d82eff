package dev.skiff.broker.admin;

import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.stats.KeyedStats;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.codec.FrameLimits;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.MessageStore;
import dev.skiff.store.StoreHealth;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Builds the key/value table of GET_BROKER_RUNTIME_INFO with the keys {@code mqadmin clusterList}
 * and {@code brokerStatus} read. Real values: version, activity, put rates and totals, get rates
 * and totals (as far as the pull path reports them to {@link BrokerStats}), commit-log disk ratio
 * and offsets, earliest message time, executor queue sizes and capacities, boot time, timer figures. Reported as
 * zero because Skiff does not have the thing measured: {@code pageCacheLockTimeMills}, the
 * thread-pool head wait times, the timer's figures (from the timer) and {@code dispatchBehindBytes}. Skiff's
 * own keys: {@code storeHealthy} ({@code false} once a write or force of the commit log failed and
 * the store stopped taking writes until a restart), {@code storeFailure} (what failed, empty while
 * healthy) and {@code storeFailureCount}; {@code remotingPartialFrameBytes} (bytes connections
 * hold now in frames still arriving), {@code remotingPartialFramesRefused} and {@code
 * remotingFramesExpired} (connections closed for a partial frame past the budget, or for a frame
 * that missed its deadline).
 */
public final class BrokerRuntimeInfo {
    /** What Skiff reports as its version (it speaks the protocol of this release). */
    static final String VERSION_DESC = "V5_3_3";

    private final BooleanSupplier master;
    private final MessageStore store;
    private final BrokerStats stats;
    private final DiskUsage disk;
    private final Map<String, ExecutorFigures> executors;
    private final Supplier<Map<String, String>> timerFigures;
    private final SkiffClock clock;
    private final long bootMs;
    private final FrameLimits frames;
    private final Supplier<Map<String, String>> extra;

    /** How full one request executor is. */
    public record ExecutorFigures(IntSupplier queueSize, int queueCapacity) {}

    /**
     * @param master whether the broker is master now (changes at run time in controller mode)
     * @param executors by official name prefix: {@code send}, {@code pull}, {@code query}, ...
     * @param frames the transport's frame limits and their counters
     * @param timerFigures the timer's lines ({@code timerReadBehind}, {@code timerOffsetBehind},
     *     {@code timerCongestNum}, {@code timerEnqueueTps}, {@code timerDequeueTps}, ...)
     */
    public BrokerRuntimeInfo(
            BooleanSupplier master,
            MessageStore store,
            BrokerStats stats,
            DiskUsage disk,
            Map<String, ExecutorFigures> executors,
            SkiffClock clock,
            FrameLimits frames,
            Supplier<Map<String, String>> timerFigures,
            Supplier<Map<String, String>> extra) {
        this.frames = frames;
        this.master = master;
        this.store = store;
        this.stats = stats;
        this.disk = disk;
        this.executors = Map.copyOf(executors);
        this.timerFigures = timerFigures;
        this.clock = clock;
        this.bootMs = clock.nowMs();
        this.extra = extra;
    }

    /** The table, keys in a stable order. */
    public Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("brokerVersionDesc", VERSION_DESC);
        t.put("brokerActive", String.valueOf(master.getAsBoolean()));
        t.put("bootTimestamp", String.valueOf(bootMs));
        t.put("runtime", runtime(clock.nowMs() - bootMs));
        t.put("putTps", stats.putTps());
        t.put("getTransferredTps", stats.getTps());
        t.put("getTotalTps", stats.getTps());
        t.put("msgPutTotalTodayNow", String.valueOf(stats.putTotal()));
        t.put("msgPutTotalTodayMorning", String.valueOf(stats.putTotalTodayMorning()));
        t.put("msgPutTotalYesterdayMorning", String.valueOf(stats.putTotalYesterdayMorning()));
        t.put("msgGetTotalTodayNow", String.valueOf(stats.getTotal()));
        t.put("msgGetTotalTodayMorning", String.valueOf(stats.getTotalTodayMorning()));
        t.put("msgGetTotalYesterdayMorning", String.valueOf(stats.getTotalYesterdayMorning()));
        double ratio = diskRatio();
        t.put("commitLogDiskRatio", String.valueOf(ratio));
        t.put("consumeQueueDiskRatio", String.valueOf(ratio));
        t.put("commitLogMinOffset", String.valueOf(store.commitLogMinOffset()));
        t.put("commitLogMaxOffset", String.valueOf(store.commitLogMaxOffset()));
        t.put("earliestMessageTimeStamp", String.valueOf(StoredTimes.earliest(store)));
        t.put("startAcceptSendRequestTimeStamp", "0");
        t.put("pageCacheLockTimeMills", "0");
        t.put("dispatchBehindBytes", "0");
        executors.forEach((name, figures) -> {
            t.put(
                    name + "ThreadPoolQueueSize",
                    String.valueOf(figures.queueSize().getAsInt()));
            t.put(name + "ThreadPoolQueueCapacity", String.valueOf(figures.queueCapacity()));
            t.put(name + "ThreadPoolQueueHeadWaitTimeMills", "0");
        });
        t.putAll(timerFigures.get());
        StoreHealth health = store.health();
        t.put("storeHealthy", String.valueOf(health.isHealthy()));
        t.put("storeFailure", health.isHealthy() ? "" : health.failure());
        t.put("storeFailureCount", String.valueOf(health.failureCount()));
        t.put("remotingPartialFrameBytes", String.valueOf(frames.partialFrameBytes()));
        t.put("remotingPartialFramesRefused", String.valueOf(frames.partialFramesRefused()));
        t.put("remotingFramesExpired", String.valueOf(frames.framesExpired()));
        t.putAll(extra.get());
        return t;
    }

    /** One per-key statistic over the last minute, hour and day; see {@link BrokerStats#statsData}. */
    KeyedStats.Snapshot statsData(String name, String key) {
        return stats.statsData(name, key);
    }

    private double diskRatio() {
        try {
            return disk.usedRatio();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String runtime(long ms) {
        long s = Math.max(0, ms) / 1000;
        return String.format(
                Locale.ROOT,
                "[ %d days, %d hours, %d minutes, %d seconds ]",
                s / 86_400,
                s / 3600 % 24,
                s / 60 % 60,
                s % 60);
    }
}
