package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/** {@code CONTROLLER_GET_REPLICA_INFO} (1004) request. */
public record GetReplicaInfoRequestHeader(String brokerName) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "brokerName", brokerName);
    }

    public static GetReplicaInfoRequestHeader decode(HeaderFields f) {
        return new GetReplicaInfoRequestHeader(f.requiredString("brokerName"));
    }
}
