package dev.skiff.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Records read from the commit log, with the references to the segments they live in. Until
 * {@link #close()} the segments stay mapped even if retention deletes them; after it, the views
 * must not be used. Closing twice is harmless.
 */
public interface RecordLease extends AutoCloseable {

    /** The records, in the order read (read-only). */
    List<SelectedRecord> records();

    /**
     * The records as few views as possible: records that lie next to each other in one segment
     * share one view (a batch sent to one queue, or a topic with one queue, is a single run of the
     * log). A response body made of these costs one buffer per run instead of one per record.
     * Throws {@link IllegalStateException} once the lease is closed.
     */
    List<ByteBuffer> joinedViews();

    /** Number of records. */
    int count();

    /** Bytes of all records. */
    int totalBytes();

    /** Releases the segments behind the records. */
    @Override
    void close();
}
