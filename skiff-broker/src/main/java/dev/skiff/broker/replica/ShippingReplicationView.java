package dev.skiff.broker.replica;

import dev.skiff.broker.ha.Replication;
import dev.skiff.broker.ha.ReplicationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@link ReplicationView} of a broker that ships its log ({@link Replication}): a master lists
 * each connected slave with the offset it acknowledged and whether it is in sync; a slave names the
 * master it follows (its HA address, or the broker address the name servers gave) and whether the
 * link is up. Figures the shipping service does not keep (bytes per second) read 0.
 */
public final class ShippingReplicationView implements ReplicationView {
    private final BooleanSupplier master;
    private final Supplier<Replication> replication;
    private final LongSupplier commitLogMaxOffset;
    private final Supplier<String> masterAddr;

    /**
     * @param master whether the broker is master now (in controller mode the role changes at run
     *     time)
     * @param replication the replication now (replaced on a role change; null while none runs)
     */
    public ShippingReplicationView(
            BooleanSupplier master,
            Supplier<Replication> replication,
            LongSupplier commitLogMaxOffset,
            Supplier<String> masterAddr) {
        this.master = master;
        this.replication = replication;
        this.commitLogMaxOffset = commitLogMaxOffset;
        this.masterAddr = masterAddr;
    }

    @Override
    public boolean master() {
        return master.getAsBoolean();
    }

    @Override
    public long commitLogMaxOffset() {
        return commitLogMaxOffset.getAsLong();
    }

    @Override
    public List<SlaveLink> slaves() {
        Replication now = replication.get();
        if (!master() || now == null) {
            return List.of();
        }
        List<SlaveLink> out = new ArrayList<>();
        for (ReplicationStatus s : now.status()) {
            out.add(new SlaveLink(s.slaveAddress(), Math.max(0, s.ackedOffset()), s.inSync(), 0, 0));
        }
        return out;
    }

    @Override
    public int inSyncSlaves() {
        Replication now = replication.get();
        return master() && now != null ? now.inSyncSlaves() : 0;
    }

    @Override
    public MasterLink masterLink() {
        if (master()) {
            return null;
        }
        Replication now = replication.get();
        String address = masterAddr.get();
        if (address == null && now != null) {
            address = now.followedMaster();
        }
        return new MasterLink(address, commitLogMaxOffset(), 0, 0, 0, 0, now != null && now.isFollowing());
    }
}
