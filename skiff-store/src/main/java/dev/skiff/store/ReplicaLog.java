package dev.skiff.store;

import java.nio.ByteBuffer;

/**
 * The commit log as replication sees it: raw bytes by physical offset. A master reads with {@link
 * #read}; a slave writes with {@link #appendReplicated}, which lays the bytes out exactly as the
 * master did (segment by segment, blank markers and padding included), flushes them as the slave's
 * own flush mode says, and lets the slave's dispatcher build its consume queues and index from
 * them, as on a master. Thread-safe; a slave has one writer (its replication client).
 */
public interface ReplicaLog {

    /** Offset just past the last complete byte of the log (what a slave reports). */
    long maxOffset();

    /** Start of the oldest segment still stored (the max offset when there is none). */
    long minOffset();

    /** Size of one segment, bytes. */
    int segmentBytes();

    /**
     * Copies bytes from {@code offset} into {@code dst} (as many as fit, never past the end of the
     * segment holding {@code offset} nor past {@link #maxOffset()}); returns how many, 0 when there
     * is nothing at {@code offset} (at or past the end, or below {@link #minOffset()}).
     */
    int read(long offset, ByteBuffer dst);

    /**
     * Appends a master's bytes at {@code offset}, which must equal {@link #maxOffset()}; an empty
     * log may instead start at any segment start. Throws {@link IllegalStateException} naming both
     * offsets otherwise (nothing is written).
     */
    void appendReplicated(long offset, ByteBuffer bytes);

    /**
     * Waits until the log grows past {@code offset} or {@code timeoutNs} passes (or the thread is
     * interrupted); returns whether it has grown. Wakes on every append, without a cost to appenders
     * while nobody waits.
     */
    boolean awaitGrowth(long offset, long timeoutNs);
}
