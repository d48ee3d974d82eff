package dev.skiff.bench.harness;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies from many threads (lock-free writers) read in intervals by one reader (the progress
 * line), which adds every interval into the running total. Values are nanoseconds, tracked up to
 * an hour with 3 significant digits; larger values are clamped to that bound so one stray value
 * never throws on the hot path.
 */
public final class LatencyRecorder {
    static final long HIGHEST_NS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(1, HIGHEST_NS, 3);
    private final Histogram total = new Histogram(1, HIGHEST_NS, 3);
    private Histogram recycled;

    /** Records one latency; any thread. Values below 1 ns count as 1 ns. */
    public void recordNanos(long nanos) {
        recorder.recordValue(Math.clamp(nanos, 1, HIGHEST_NS));
    }

    /**
     * The values recorded since the previous call (single reader), also added to the total.
     * The returned histogram is only valid until the next call.
     */
    public synchronized Histogram takeInterval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        recycled = interval;
        return interval;
    }

    /** Drops everything recorded so far (end of warm-up). */
    public synchronized void reset() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.reset();
    }

    /** Everything recorded since the last reset, including values not yet taken. */
    public synchronized Histogram total() {
        takeInterval();
        return total.copy();
    }

    /** Merges histograms of nanosecond values (several threads, rounds or producers). */
    public static Histogram merge(Iterable<Histogram> parts) {
        Histogram merged = new Histogram(1, HIGHEST_NS, 3);
        for (Histogram h : parts) {
            merged.add(h);
        }
        return merged;
    }
}
