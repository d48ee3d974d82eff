package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CONTROLLER_ELECT_MASTER} (1002) request. {@code brokerId} is the asking broker (or, with
 * {@code designateElect}, the replica an operator wants as master); -1 when none.
 */
public record ElectMasterRequestHeader(
        String clusterName, String brokerName, long brokerId, boolean designateElect, long invokeTime)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "clusterName", clusterName);
        Ext.put(ext, "brokerName", brokerName);
        Ext.put(ext, "brokerId", brokerId);
        Ext.put(ext, "designateElect", designateElect);
        Ext.put(ext, "invokeTime", invokeTime);
    }

    public static ElectMasterRequestHeader decode(HeaderFields f) {
        return new ElectMasterRequestHeader(
                f.optionalString("clusterName", ""),
                f.requiredString("brokerName"),
                f.optionalLong("brokerId", -1),
                f.optionalBoolean("designateElect", false),
                f.optionalLong("invokeTime", 0));
    }
}
