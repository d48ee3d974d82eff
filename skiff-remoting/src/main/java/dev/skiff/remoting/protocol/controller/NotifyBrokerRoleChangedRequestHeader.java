package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code NOTIFY_BROKER_ROLE_CHANGED} (1008), sent one-way by the controller leader to each replica
 * of a group after its master changed; the body is a {@link ControllerBodies.SyncStateSet}.
 */
public record NotifyBrokerRoleChangedRequestHeader(
        String masterAddress, Integer masterEpoch, Integer syncStateSetEpoch, Long masterBrokerId)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "masterAddress", masterAddress);
        Ext.put(ext, "masterEpoch", masterEpoch);
        Ext.put(ext, "syncStateSetEpoch", syncStateSetEpoch);
        Ext.put(ext, "masterBrokerId", masterBrokerId);
    }

    public static NotifyBrokerRoleChangedRequestHeader decode(HeaderFields f) {
        return new NotifyBrokerRoleChangedRequestHeader(
                f.optionalString("masterAddress"),
                f.optionalInteger("masterEpoch"),
                f.optionalInteger("syncStateSetEpoch"),
                f.optionalLongObject("masterBrokerId"));
    }
}
