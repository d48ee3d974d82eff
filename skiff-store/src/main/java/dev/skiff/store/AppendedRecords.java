package dev.skiff.store;

/**
 * Where the records of one append landed, as a store implementation reports it to {@link
 * PutReceipt#fill}: a read-only view over the implementation's own (reused) batch, valid only
 * during that call, so reporting a placement allocates nothing.
 */
public interface AppendedRecords {

    /** Number of records appended. */
    int count();

    /** Bytes the records take in the commit log. */
    int bytes();

    /** Commit-log offset of record {@code i}. */
    long physicalOffset(int i);

    /** Queue offset of record {@code i}. */
    long queueOffset(int i);

    /** The store timestamp given to every record of the append. */
    long storeTimestampMs();

    /** The commit-log offset just past the appended records. */
    long endOffset();
}
