package dev.skiff.store;

/**
 * What recovery found: where the commit-log scan started and stopped and why, and how much was
 * cut or re-dispatched.
 *
 * @param stopReason EMPTY (clean end of data), END_OF_FILES, or why the record at {@code
 *     endOffset} was rejected: TRUNCATED, BAD_MAGIC, BAD_SIZE, BAD_CRC, BAD_PHYSICAL_OFFSET, ERROR
 */
public record RecoveryResult(
        boolean abnormal,
        long scanStartOffset,
        long endOffset,
        String stopReason,
        long recordsScanned,
        long consumeQueueEntriesDropped,
        long dispatchedFrom,
        long dispatchedTo) {

    /** Whether the scan stopped at a damaged record rather than at the end of the data. */
    public boolean stoppedAtDamage() {
        return !stopReason.equals("EMPTY") && !stopReason.equals("END_OF_FILES");
    }

    @Override
    public String toString() {
        return (abnormal ? "abnormal" : "normal") + " recovery: scanned " + recordsScanned + " records from "
                + scanStartOffset + ", commit log ends at " + endOffset + " (" + stopReason + "), dropped "
                + consumeQueueEntriesDropped + " consume-queue entries, re-dispatched " + dispatchedFrom + ".."
                + dispatchedTo;
    }
}
