package dev.skiff.common.log;

import dev.skiff.common.SkiffClock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that is logged at most once per interval; the occurrences in between are counted and
 * reported with the next line. Safe to share between threads.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final SkiffClock clock;
    private final long intervalNs;
    private final AtomicLong nextAllowedNs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, SkiffClock clock, long intervalMs) {
        this.log = log;
        this.clock = clock;
        this.intervalNs = intervalMs * 1_000_000L;
    }

    /** Logs {@code message} (with {@code arg}) unless a line was logged within the interval. */
    public void warn(String message, Object arg1, Object arg2) {
        long now = clock.monotonicNs();
        long next = nextAllowedNs.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowedNs.compareAndSet(next, now + intervalNs)) {
            long skipped = suppressed.getAndSet(0);
            log.warn(message + (skipped > 0 ? " (" + skipped + " similar suppressed)" : ""), arg1, arg2);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
