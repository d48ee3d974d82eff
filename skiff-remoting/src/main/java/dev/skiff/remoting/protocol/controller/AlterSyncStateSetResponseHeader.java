package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/** {@code CONTROLLER_ALTER_SYNC_STATE_SET} (1001) response: the epoch of the set now in force. */
public record AlterSyncStateSetResponseHeader(int newSyncStateSetEpoch) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "newSyncStateSetEpoch", newSyncStateSetEpoch);
    }

    public static AlterSyncStateSetResponseHeader decode(HeaderFields f) {
        return new AlterSyncStateSetResponseHeader(f.requiredInt("newSyncStateSetEpoch"));
    }
}
