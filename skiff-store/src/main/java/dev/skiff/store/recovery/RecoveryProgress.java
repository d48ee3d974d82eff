package dev.skiff.store.recovery;

import dev.skiff.common.SkiffClock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how far the commit-log scan of a recovery has come, at most once per interval: bytes
 * scanned, percent of the bytes the segments can hold past the scan start (an upper bound: the
 * last segment is rarely full), records, rate, and an estimate of the time left at that rate.
 * The scan calls {@link #at} at every segment boundary and every {@link #RECORDS_PER_CHECK}
 * records, so the clock is read rarely. Time is the clock's monotonic time.
 *
 * <p>Line: {@code recovery: scanned 1536.0 MiB of at most 4096.0 MiB (37%), 812345 records,
 * 310.2 MiB/s, about 8 s left}.
 */
public final class RecoveryProgress {
    /** How often a line is logged, in milliseconds, in a running store. */
    public static final long INTERVAL_MS = 5_000;

    static final int RECORDS_PER_CHECK = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryProgress.class);
    private static final double MIB = 1024.0 * 1024.0;

    private final SkiffClock clock;
    private final long intervalNs;
    private long start;
    private long end;
    private long startNs;
    private long lastLogNs;
    private int lines;

    public RecoveryProgress(SkiffClock clock, long intervalMs) {
        if (intervalMs < 0) {
            throw new IllegalArgumentException("intervalMs must not be negative: " + intervalMs);
        }
        this.clock = clock;
        this.intervalNs = intervalMs * 1_000_000;
    }

    /** The scan starts at {@code start}; the segments end at {@code end}. */
    void begin(long start, long end) {
        this.start = start;
        this.end = Math.max(start, end);
        this.startNs = clock.monotonicNs();
        this.lastLogNs = startNs;
    }

    /** The scan is at {@code pos} after {@code records} records; logs a line when one is due. */
    void at(long pos, long records) {
        long now = clock.monotonicNs();
        if (now - lastLogNs < intervalNs) {
            return;
        }
        lastLogNs = now;
        lines++;
        long done = pos - start;
        long total = end - start;
        double seconds = Math.max(1e-9, (now - startNs) / 1e9);
        double rate = done / seconds;
        long leftS = rate > 0 ? (long) Math.ceil((end - pos) / rate) : -1;
        LOG.info(String.format(
                Locale.ROOT,
                "recovery: scanned %.1f MiB of at most %.1f MiB (%d%%), %d records, %.1f MiB/s, about %s left",
                done / MIB,
                total / MIB,
                total == 0 ? 100 : done * 100 / total,
                records,
                rate / MIB,
                leftS < 0 ? "?" : leftS + " s"));
    }

    /** Progress lines logged so far. */
    int lines() {
        return lines;
    }
}
