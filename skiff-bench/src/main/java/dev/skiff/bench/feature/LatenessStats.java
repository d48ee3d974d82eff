package dev.skiff.bench.feature;

import java.util.Arrays;

/**
 * Delivery lateness of timers: receive time minus due time, in ms, for every delivered timer of
 * a burst. A negative value is a timer delivered before its time (counted as early). Percentiles
 * are nearest-rank over all values; timers never delivered are counted apart by the caller.
 *
 * @param count values
 * @param early values below zero (delivered before their time)
 * @param minMs earliest
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param maxMs latest
 */
public record LatenessStats(int count, int early, long minMs, long p50Ms, long p99Ms, long maxMs) {
    public static final LatenessStats NONE = new LatenessStats(0, 0, 0, 0, 0, 0);

    /** Statistics of the first {@code count} entries of {@code latenessMs}. */
    public static LatenessStats of(long[] latenessMs, int count) {
        if (count <= 0) {
            return NONE;
        }
        long[] sorted = Arrays.copyOf(latenessMs, count);
        Arrays.sort(sorted);
        int early = 0;
        while (early < count && sorted[early] < 0) {
            early++;
        }
        return new LatenessStats(
                count, early, sorted[0], LagStats.rank(sorted, 50), LagStats.rank(sorted, 99), sorted[count - 1]);
    }
}
