package dev.skiff.broker.filter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiled SQL92 filters by expression text, so a subscription is compiled once and not per pull.
 * A compiled filter does not depend on the group, topic or subscription version that use it, so the
 * text alone is the key: a new subscription version with the same expression reuses the entry, a
 * changed expression gets its own. Expressions that fail to compile are remembered too (their
 * error), so a bad subscription pulled in a loop costs a map lookup.
 *
 * <p>Bounded: at most {@code entriesMax} entries; when full, the map is cleared and refilled by
 * the next pulls (a rare event with a sane number of distinct expressions; counted in {@link
 * #clears()}). Lookups take no lock and are safe from any thread.
 */
public final class SqlFilterCache {
    /** Default bound on cached expressions. */
    public static final int ENTRIES_MAX = 4_096;

    private final ConcurrentHashMap<String, Object> compiled = new ConcurrentHashMap<>();
    private final int entriesMax;
    private final AtomicLong compiles = new AtomicLong();
    private final AtomicLong clears = new AtomicLong();

    public SqlFilterCache(int entriesMax) {
        if (entriesMax < 1) {
            throw new IllegalArgumentException("entriesMax must be positive: " + entriesMax);
        }
        this.entriesMax = entriesMax;
    }

    /**
     * The filter for {@code expression}.
     *
     * @throws SqlSyntaxException when the expression does not compile (the same error every time)
     */
    public SqlMessageFilter get(String expression) {
        if (expression == null) {
            throw new SqlSyntaxException("no SQL92 expression given", 0);
        }
        Object entry = compiled.get(expression);
        if (entry == null) {
            entry = compile(expression);
            if (compiled.size() >= entriesMax) {
                compiled.clear();
                clears.incrementAndGet();
            }
            if (expression.length() <= SqlPredicate.EXPRESSION_MAX_CHARS) {
                compiled.putIfAbsent(expression, entry);
            }
        }
        if (entry instanceof SqlSyntaxException e) {
            throw e;
        }
        return (SqlMessageFilter) entry;
    }

    private Object compile(String expression) {
        compiles.incrementAndGet();
        try {
            return new SqlMessageFilter(SqlPredicate.compile(expression));
        } catch (SqlSyntaxException e) {
            return e;
        }
    }

    /** Expressions compiled so far (cache misses). */
    public long compiles() {
        return compiles.get();
    }

    /** Times the cache was full and cleared. */
    public long clears() {
        return clears.get();
    }

    public int size() {
        return compiled.size();
    }
}
