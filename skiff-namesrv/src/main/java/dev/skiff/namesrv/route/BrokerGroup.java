package dev.skiff.namesrv.route;

import dev.skiff.remoting.protocol.body.BrokerData;
import java.util.Objects;
import java.util.TreeMap;

/** Mutable registry entry of one broker name; guarded by the registry's lock. */
final class BrokerGroup {
    final String cluster;
    final String brokerName;
    final TreeMap<Long, String> addrs = new TreeMap<>();
    boolean enableActingMaster;
    String zoneName;

    BrokerGroup(String cluster, String brokerName) {
        this.cluster = cluster;
        this.brokerName = brokerName;
    }

    /** Sets the flags; true if anything changed. */
    boolean update(boolean actingMaster, String zone) {
        boolean changed = actingMaster != enableActingMaster || !Objects.equals(zone, zoneName);
        enableActingMaster = actingMaster;
        zoneName = zone;
        return changed;
    }

    boolean hasNoMaster() {
        return addrs.isEmpty() || addrs.firstKey() > BrokerData.MASTER_ID;
    }

    BrokerData snapshot() {
        return new BrokerData(cluster, brokerName, addrs, enableActingMaster, zoneName);
    }
}
