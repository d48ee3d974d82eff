package dev.skiff.broker.controller;

/**
 * One master epoch and the commit-log offset where that epoch's first record was (or will be)
 * written. The epoch's records run from {@code startOffset} to the next entry's start (or the log's
 * end for the last entry).
 */
public record EpochEntry(int epoch, long startOffset) {
    public EpochEntry {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        if (startOffset < 0) {
            throw new IllegalArgumentException("start offset must not be negative: " + startOffset);
        }
    }
}
