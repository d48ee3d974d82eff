package dev.skiff.store;

import java.nio.ByteBuffer;

/** A consumer's filter, implemented by the broker: first on the tag hash, then on the record. */
public interface MessageFilter {
    /** Accepts everything. */
    MessageFilter ALL = tagsCode -> true;

    /** Whether the consume-queue entry's tag hash code may match. */
    boolean matchesTagsCode(long tagsCode);

    /**
     * Whether {@link #matchesRecord} has anything to decide; when false (a tag filter) the reader
     * never calls it.
     */
    default boolean readsRecords() {
        return false;
    }

    /**
     * Whether the stored record (read-only view) matches, e.g. by SQL92 over properties. Asked
     * only when {@link #readsRecords()} is true.
     */
    default boolean matchesRecord(ByteBuffer record) {
        return true;
    }
}
