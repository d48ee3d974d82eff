package dev.skiff.store;

/** Outcome of a read by queue offset. */
public enum GetStatus {
    /** At least one record returned. */
    FOUND,
    /** Entries were scanned but the filter rejected them all. */
    NO_MATCHED_MESSAGE,
    /** The queue does not exist or holds nothing. */
    NO_MESSAGE_IN_QUEUE,
    /** The offset is below the queue's minimum (data deleted). */
    OFFSET_TOO_SMALL,
    /** The offset equals the maximum: nothing new yet. */
    OFFSET_OVERFLOW_ONE,
    /** The offset is beyond the maximum. */
    OFFSET_OVERFLOW_BADLY,
    /** The consume-queue entry or its record could not be read (deleted or not yet stored). */
    OFFSET_FOUND_NULL
}
