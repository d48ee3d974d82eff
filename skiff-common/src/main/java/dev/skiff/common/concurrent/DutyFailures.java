package dev.skiff.common.concurrent;

import dev.skiff.common.SkiffClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures of named duties: counted per name, logged at most once a minute per name with the
 * number suppressed in between, so a duty failing every tick neither floods the log nor goes
 * unseen.
 */
final class DutyFailures {
    private static final Logger log = LoggerFactory.getLogger(DutyFailures.class);
    private static final long LOG_INTERVAL_NS = 60_000_000_000L;
    private static final int NAMES_MAX = 10_000;

    private final SkiffClock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    DutyFailures(SkiffClock clock) {
        this.clock = clock;
    }

    private static final class Counter {
        final AtomicLong count = new AtomicLong();
        final AtomicLong nextLogNs = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }

    /** Runs {@code duty}; a throwable is counted and logged (rate-limited), never rethrown. */
    void run(String name, Runnable duty) {
        try {
            duty.run();
        } catch (Throwable t) {
            record(name, t);
        }
    }

    void record(String name, Throwable t) {
        Counter c = counters.size() < NAMES_MAX
                ? counters.computeIfAbsent(name, n -> new Counter())
                : counters.computeIfAbsent("(other)", n -> new Counter());
        c.count.incrementAndGet();
        long now = clock.monotonicNs();
        long next = c.nextLogNs.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && c.nextLogNs.compareAndSet(next, now + LOG_INTERVAL_NS)) {
            long skipped = c.suppressed.getAndSet(0);
            log.warn(
                    "duty {} failed ({} failures so far, {} not logged since the last line)",
                    name,
                    c.count,
                    skipped,
                    t);
        } else {
            c.suppressed.incrementAndGet();
        }
    }

    long count(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.count.get();
    }
}
