package dev.skiff.broker.transaction;

/**
 * One undecided half message as the check-back keeps it in memory (about 100 bytes).
 *
 * @param halfOffset its offset in the half-topic queue (the key)
 * @param commitLogOffset where its record is
 * @param producerGroup its {@code PGROUP}, whose live producers are asked
 * @param storedMs when the broker stored it
 * @param checks check-backs sent so far
 * @param nextCheckMs when it is next due for a check-back (or to be given up)
 */
record HalfEntry(
        long halfOffset, long commitLogOffset, String producerGroup, long storedMs, int checks, long nextCheckMs) {

    HalfEntry {
        if (halfOffset < 0 || commitLogOffset < 0 || checks < 0) {
            throw new IllegalArgumentException("bad half entry at " + halfOffset);
        }
    }

    HalfEntry checkedAt(long nowMs, long intervalMs) {
        return new HalfEntry(halfOffset, commitLogOffset, producerGroup, storedMs, checks + 1, nowMs + intervalMs);
    }
}
