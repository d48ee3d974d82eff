package dev.skiff.broker.replica;

import dev.skiff.broker.pull.PullRoute;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Which broker a pull should go to next, by the official rule.
 *
 * <p><b>Far behind:</b> a pull is far behind when the bytes between the last record it read and
 * the end of the commit log exceed {@code accessMessageInMemoryMaxRatio} percent of the machine's
 * physical memory: those records are likely no longer in the page cache, and reading them from
 * disk on the master would slow the writers. A pull that read nothing is never far behind.
 *
 * <p><b>Suggestion:</b> with {@code slaveReadEnable} off every answer suggests the master (0).
 * With it on, a far-behind pull is sent to the group's {@code whichBrokerWhenConsumeSlowly}
 * (default 1, the first slave) and any other to the group's {@code brokerId} (default 0). On a
 * slave, a pull that is not far behind is sent back to the master while the master is online
 * (the name servers still list it); while it is not, the slave keeps serving (a Skiff choice: the
 * official slave keeps naming an absent master, which the client then skips).
 */
public final class ReadSuggestion implements PullRoute {
    private final boolean slaveReadEnable;
    private final LongSupplier selfId;
    private final long inMemoryMaxBytes;
    private final LongSupplier commitLogMaxOffset;
    private final BooleanSupplier masterOnline;

    /**
     * @param selfId this broker's id now (0 = master; in controller mode it changes with the role)
     * @param inMemoryMaxBytes see {@link #inMemoryMaxBytes(long, int)}
     * @param commitLogMaxOffset the end of the local commit log
     * @param masterOnline whether the group's master is listed (asked on slaves only)
     */
    public ReadSuggestion(
            boolean slaveReadEnable,
            LongSupplier selfId,
            long inMemoryMaxBytes,
            LongSupplier commitLogMaxOffset,
            BooleanSupplier masterOnline) {
        this.slaveReadEnable = slaveReadEnable;
        this.selfId = selfId;
        this.inMemoryMaxBytes = inMemoryMaxBytes;
        this.commitLogMaxOffset = commitLogMaxOffset;
        this.masterOnline = masterOnline;
    }

    @Override
    public long suggest(SubscriptionGroupConfig group, long lastReadPhysicalOffset) {
        boolean far = far(commitLogMaxOffset.getAsLong(), lastReadPhysicalOffset, inMemoryMaxBytes);
        long self = selfId.getAsLong();
        boolean askMaster = self != MASTER_ID && !far && masterOnline.getAsBoolean();
        return suggest(slaveReadEnable, self, askMaster, far, group.brokerId(), group.whichBrokerWhenConsumeSlowly());
    }

    /**
     * The rule on this machine: far behind means more than {@code ratioPercent} of its physical
     * memory (no bound when the memory cannot be read).
     */
    public static ReadSuggestion onThisMachine(
            boolean slaveReadEnable,
            int ratioPercent,
            LongSupplier selfId,
            LongSupplier commitLogMaxOffset,
            BooleanSupplier masterOnline) {
        long memory = physicalMemoryBytes();
        long inMemoryMax = memory <= 0 ? Long.MAX_VALUE : inMemoryMaxBytes(memory, ratioPercent);
        return new ReadSuggestion(slaveReadEnable, selfId, inMemoryMax, commitLogMaxOffset, masterOnline);
    }

    /** How far behind the commit log's end a read may start and still count as in memory. */
    public static long inMemoryMaxBytes(long physicalMemoryBytes, int ratioPercent) {
        if (physicalMemoryBytes < 0 || ratioPercent < 0 || ratioPercent > 100) {
            throw new IllegalArgumentException("memory " + physicalMemoryBytes + ", ratio " + ratioPercent);
        }
        return (long) (physicalMemoryBytes * (ratioPercent / 100.0));
    }

    /** Whether a pull whose last record starts at {@code lastRead} is far behind (-1: read none). */
    static boolean far(long commitLogMaxOffset, long lastRead, long inMemoryMaxBytes) {
        return lastRead >= 0 && commitLogMaxOffset - lastRead > inMemoryMaxBytes;
    }

    /**
     * The rule itself.
     *
     * @param backToMaster this broker is a slave, the pull is not far behind, and the master is online
     */
    static long suggest(
            boolean slaveReadEnable,
            long selfId,
            boolean backToMaster,
            boolean far,
            long groupBrokerId,
            long slowBrokerId) {
        if (backToMaster && selfId != MASTER_ID) {
            return MASTER_ID;
        }
        if (!slaveReadEnable) {
            return MASTER_ID;
        }
        return far ? slowBrokerId : groupBrokerId;
    }

    /** This machine's physical memory, as the JVM reports it; 0 when it cannot tell. */
    public static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
