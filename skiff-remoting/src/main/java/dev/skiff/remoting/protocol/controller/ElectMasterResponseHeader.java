package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * The master of a group as the controller sees it: the response header of {@code
 * CONTROLLER_ELECT_MASTER} (1002). {@code masterBrokerId} and {@code masterAddress} are null when
 * the group has no master.
 */
public record ElectMasterResponseHeader(
        Long masterBrokerId, String masterAddress, Integer masterEpoch, Integer syncStateSetEpoch)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "masterBrokerId", masterBrokerId);
        Ext.put(ext, "masterAddress", masterAddress);
        Ext.put(ext, "masterEpoch", masterEpoch);
        Ext.put(ext, "syncStateSetEpoch", syncStateSetEpoch);
    }

    public static ElectMasterResponseHeader decode(HeaderFields f) {
        return new ElectMasterResponseHeader(
                f.optionalLongObject("masterBrokerId"),
                f.optionalString("masterAddress"),
                f.optionalInteger("masterEpoch"),
                f.optionalInteger("syncStateSetEpoch"));
    }
}
