package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CONTROLLER_ALTER_SYNC_STATE_SET} (1001) request; the body is a {@link
 * ControllerBodies.SyncStateSet} with the proposed set and the epoch the master last saw.
 */
public record AlterSyncStateSetRequestHeader(String brokerName, long masterBrokerId, int masterEpoch, long invokeTime)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "brokerName", brokerName);
        Ext.put(ext, "masterBrokerId", masterBrokerId);
        Ext.put(ext, "masterEpoch", masterEpoch);
        Ext.put(ext, "invokeTime", invokeTime);
    }

    public static AlterSyncStateSetRequestHeader decode(HeaderFields f) {
        return new AlterSyncStateSetRequestHeader(
                f.requiredString("brokerName"),
                f.requiredLong("masterBrokerId"),
                f.requiredInt("masterEpoch"),
                f.optionalLong("invokeTime", 0));
    }
}
