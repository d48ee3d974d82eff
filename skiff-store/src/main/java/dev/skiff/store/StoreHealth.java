package dev.skiff.store;

import dev.skiff.common.SkiffClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's fail-stop latch. After a write or force of the commit log fails, what the page cache
 * holds for the file is unknown: a later force that succeeds does not prove the earlier bytes
 * reached the device (the kernel may have dropped the dirty pages and cleared the error). So the
 * first failure is final for this run: appends are refused with {@link PutStatus#STORE_FAILED},
 * every sync writer still waiting is answered with it, no further force is tried, and the abort
 * marker stays so that the next start recovers from what is on disk, checking every record.
 *
 * <p>The first failure is logged once at ERROR with its cause (no stack trace: the cause is the
 * device's, not the code's); later ones are counted and logged at most once per {@link
 * #LOG_INTERVAL_MS}. Thread-safe: the latch is one volatile field, read once per append.
 */
public final class StoreHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);
    static final long LOG_INTERVAL_MS = 10_000;

    private final SkiffClock clock;
    private volatile String failure;
    private final AtomicLong failures = new AtomicLong();
    private final LongAdder refusedAppends = new LongAdder();
    private final LongAdder failedWaiters = new LongAdder();
    private final AtomicLong nextLogNs = new AtomicLong(Long.MIN_VALUE);

    public StoreHealth(SkiffClock clock) {
        this.clock = clock;
    }

    /** True until the first failed write or force. */
    public boolean isHealthy() {
        return failure == null;
    }

    /** What failed first, with its cause; null while healthy. */
    public String failure() {
        return failure;
    }

    /** Failed writes and forces so far (after the first, only those already under way). */
    public long failureCount() {
        return failures.get();
    }

    /** Appends refused because the store had failed. */
    public long refusedAppends() {
        return refusedAppends.sum();
    }

    /** Sync writers answered {@link PutStatus#STORE_FAILED} instead of PUT_OK. */
    public long failedWaiters() {
        return failedWaiters.sum();
    }

    /** Records a failed write or force of the commit log: the store stops writing. */
    public void fail(String what, Throwable cause) {
        long n = failures.incrementAndGet();
        String text = what + " failed: " + describe(cause);
        boolean first;
        synchronized (this) {
            first = failure == null;
            if (first) {
                failure = text;
            }
        }
        long now = clock.monotonicNs();
        if (first) {
            nextLogNs.set(now + TimeUnit.MILLISECONDS.toNanos(LOG_INTERVAL_MS));
            LOG.error(
                    "the commit log can no longer be trusted: {}. The store refuses writes from now on;"
                            + " restart the broker once the device is checked (it recovers from what is on disk)",
                    text);
            return;
        }
        long next = nextLogNs.get();
        if (now - next >= 0 && nextLogNs.compareAndSet(next, now + TimeUnit.MILLISECONDS.toNanos(LOG_INTERVAL_MS))) {
            LOG.warn("another commit-log failure ({} in all): {}", n, text);
        }
    }

    /** The messages along the cause chain, e.g. "cannot force FILE [a, b): Input/output error". */
    private static String describe(Throwable cause) {
        StringBuilder sb = new StringBuilder(String.valueOf(cause.getMessage()));
        for (Throwable c = cause.getCause(); c != null && c != cause; c = c.getCause()) {
            if (c.getMessage() != null && sb.indexOf(c.getMessage()) < 0) {
                sb.append(": ").append(c.getMessage());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    /** Counts an append refused because the store had failed. */
    public void countRefused() {
        refusedAppends.increment();
    }

    /** Counts {@code n} sync writers answered {@link PutStatus#STORE_FAILED}. */
    public void countFailedWaiters(int n) {
        if (n > 0) {
            failedWaiters.add(n);
        }
    }
}
