package dev.skiff.broker.controller;

import java.util.List;

/**
 * The last common point of two commit logs, from their epoch lists: where a returning old master
 * (now a slave) cuts its log before following the new master.
 *
 * <p>Epoch {@code e}'s records in a log run from its entry's start to the next entry's start (the
 * log's end for the newest entry). Two logs hold the same records for epoch {@code e} when both
 * list {@code e} at the same start offset; they then agree up to the smaller of the two ends of
 * that epoch (and, since every earlier epoch ends where {@code e} starts, on everything before).
 * The answer is that offset for the newest such epoch; with no such epoch, 0 (nothing is known
 * to be common: the slave empties its log and copies again). The answer never exceeds either
 * log's end.
 */
public final class EpochHistory {
    private EpochHistory() {}

    /**
     * @param local the slave's entries, oldest first; {@code localEnd} its commit-log end
     * @param remote the new master's entries, oldest first; {@code remoteEnd} its commit-log end
     * @return the offset the slave's log must be cut to (its end when nothing needs cutting)
     */
    public static long commonEnd(List<EpochEntry> local, long localEnd, List<EpochEntry> remote, long remoteEnd) {
        for (int i = local.size() - 1; i >= 0; i--) {
            EpochEntry l = local.get(i);
            int j = indexOf(remote, l.epoch());
            if (j < 0 || remote.get(j).startOffset() != l.startOffset()) {
                continue;
            }
            long lEnd = i + 1 < local.size() ? local.get(i + 1).startOffset() : localEnd;
            long rEnd = j + 1 < remote.size() ? remote.get(j + 1).startOffset() : remoteEnd;
            return Math.min(Math.min(lEnd, rEnd), Math.min(localEnd, remoteEnd));
        }
        return 0;
    }

    private static int indexOf(List<EpochEntry> entries, int epoch) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).epoch() == epoch) {
                return i;
            }
        }
        return -1;
    }
}
