package dev.skiff.broker.replica;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@link ReplicationView} of a broker without log shipping: a master lists no slaves; a slave
 * names the master the name servers told it of and its own commit-log end, with no link figures.
 */
public final class LocalReplicationView implements ReplicationView {
    private final boolean master;
    private final LongSupplier commitLogMaxOffset;
    private final Supplier<String> masterAddr;

    /**
     * @param commitLogMaxOffset the local commit log's end
     * @param masterAddr the master's address as last learned, or null (asked on slaves only)
     */
    public LocalReplicationView(boolean master, LongSupplier commitLogMaxOffset, Supplier<String> masterAddr) {
        this.master = master;
        this.commitLogMaxOffset = commitLogMaxOffset;
        this.masterAddr = masterAddr;
    }

    @Override
    public boolean master() {
        return master;
    }

    @Override
    public long commitLogMaxOffset() {
        return commitLogMaxOffset.getAsLong();
    }

    @Override
    public List<SlaveLink> slaves() {
        return List.of();
    }

    @Override
    public MasterLink masterLink() {
        if (master) {
            return null;
        }
        return new MasterLink(masterAddr.get(), commitLogMaxOffset(), 0, 0, 0, 0, false);
    }
}
