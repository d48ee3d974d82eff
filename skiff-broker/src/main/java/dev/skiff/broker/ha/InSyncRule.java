package dev.skiff.broker.ha;

/**
 * Who is in the in-sync set. A connected slave is in sync while both hold:
 *
 * <ul>
 *   <li>it is less than {@code maxGapBytes} ({@code haMaxGapNotInSync}) behind the master's max
 *       offset, and
 *   <li>it caught up within the last {@code maxNotCaughtUpMs} ({@code haMaxTimeSlaveNotCatchup}).
 * </ul>
 *
 * A report "catches up" when it reaches the master's max offset as it was at the slave's previous
 * report (or the max offset now): under a steady load the slave never equals the moving end, but
 * it keeps passing where the end was a moment ago. A slave that stops reporting, or falls behind
 * for good, ages out; it joins again with its next catching-up report. A new slave is out until
 * its first catching-up report.
 */
final class InSyncRule {
    private final long maxGapBytes;
    private final long maxNotCaughtUpMs;

    InSyncRule(long maxGapBytes, long maxNotCaughtUpMs) {
        this.maxGapBytes = maxGapBytes;
        this.maxNotCaughtUpMs = maxNotCaughtUpMs;
    }

    /** Records a report of {@code ack} from {@code link} (its reader thread only). */
    void onReport(SlaveLink link, long ack, long masterMax, long nowMs) {
        if (link.requestOffset < 0) {
            link.requestOffset = ack;
        }
        link.ackOffset = ack;
        link.lastReportMs = nowMs;
        if (ack >= Math.min(link.maxAtLastReport, masterMax)) {
            link.lastCaughtUpMs = nowMs;
        }
        link.maxAtLastReport = masterMax;
    }

    boolean inSync(SlaveLink link, long masterMax, long nowMs) {
        long ack = link.ackOffset;
        long caughtUp = link.lastCaughtUpMs;
        return link.connected
                && ack >= 0
                && masterMax - ack < maxGapBytes
                && caughtUp != Long.MIN_VALUE
                && nowMs - caughtUp <= maxNotCaughtUpMs;
    }
}
