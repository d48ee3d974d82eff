package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CONTROLLER_GET_REPLICA_INFO} (1004) response; the body is the group's {@link
 * ControllerBodies.SyncStateSet}.
 */
public record GetReplicaInfoResponseHeader(Long masterBrokerId, String masterAddress, Integer masterEpoch)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "masterBrokerId", masterBrokerId);
        Ext.put(ext, "masterAddress", masterAddress);
        Ext.put(ext, "masterEpoch", masterEpoch);
    }

    public static GetReplicaInfoResponseHeader decode(HeaderFields f) {
        return new GetReplicaInfoResponseHeader(
                f.optionalLongObject("masterBrokerId"),
                f.optionalString("masterAddress"),
                f.optionalInteger("masterEpoch"));
    }
}
