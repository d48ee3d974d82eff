package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CONTROLLER_GET_METADATA_INFO} (1005) response: the Raft group, its leader (peer id and
 * remoting address), whether the answering peer leads, and the peers as {@code id=host:port;...}.
 */
public record GetMetaDataResponseHeader(
        String group, String controllerLeaderId, String controllerLeaderAddress, boolean isLeader, String peers)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "group", group);
        Ext.put(ext, "controllerLeaderId", controllerLeaderId);
        Ext.put(ext, "controllerLeaderAddress", controllerLeaderAddress);
        Ext.put(ext, "isLeader", isLeader);
        Ext.put(ext, "peers", peers);
    }

    public static GetMetaDataResponseHeader decode(HeaderFields f) {
        return new GetMetaDataResponseHeader(
                f.optionalString("group"),
                f.optionalString("controllerLeaderId"),
                f.optionalString("controllerLeaderAddress"),
                f.optionalBoolean("isLeader", false),
                f.optionalString("peers"));
    }
}
