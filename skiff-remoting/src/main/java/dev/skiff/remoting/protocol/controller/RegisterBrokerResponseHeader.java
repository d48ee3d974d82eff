package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CONTROLLER_REGISTER_BROKER} (1003) response: the group's master as it stands (null
 * fields when there is none yet; the broker then asks for an election); the body is the group's
 * {@link ControllerBodies.SyncStateSet}.
 */
public record RegisterBrokerResponseHeader(
        String clusterName,
        String brokerName,
        Long masterBrokerId,
        String masterAddress,
        Integer masterEpoch,
        Integer syncStateSetEpoch)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "clusterName", clusterName);
        Ext.put(ext, "brokerName", brokerName);
        Ext.put(ext, "masterBrokerId", masterBrokerId);
        Ext.put(ext, "masterAddress", masterAddress);
        Ext.put(ext, "masterEpoch", masterEpoch);
        Ext.put(ext, "syncStateSetEpoch", syncStateSetEpoch);
    }

    public static RegisterBrokerResponseHeader decode(HeaderFields f) {
        return new RegisterBrokerResponseHeader(
                f.optionalString("clusterName"),
                f.optionalString("brokerName"),
                f.optionalLongObject("masterBrokerId"),
                f.optionalString("masterAddress"),
                f.optionalInteger("masterEpoch"),
                f.optionalInteger("syncStateSetEpoch"));
    }
}
