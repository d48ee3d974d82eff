package dev.skiff.broker.ha;

/**
 * What the master knows of one connected slave. The connection's reader thread writes it (one
 * writer); sync sends, the answerer and status readers read the volatile fields.
 */
final class SlaveLink {
    final String address;
    /** The slave's first report: where sending starts (-1 until it arrives). */
    volatile long requestOffset = -1;
    /** The slave's latest report (-1 until the first). */
    volatile long ackOffset = -1;

    volatile long lastReportMs;
    /** Last time a report showed the slave caught up; {@link Long#MIN_VALUE}: never. */
    volatile long lastCaughtUpMs = Long.MIN_VALUE;
    /** The master's max offset when the previous report arrived. */
    long maxAtLastReport = Long.MAX_VALUE;

    volatile boolean connected = true;
    /** The controller broker id the slave said it has (its hello); -1: it did not say. */
    volatile long brokerId = -1;

    SlaveLink(String address) {
        this.address = address;
    }
}
