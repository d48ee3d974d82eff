package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to {@code GET_EARLIEST_MSG_STORETIME} (32): store time of the queue's first message, -1 if none.
 *
 * @param timestamp required
 */
public record GetEarliestMsgStoretimeResponseHeader(long timestamp) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("timestamp", String.valueOf(timestamp));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetEarliestMsgStoretimeResponseHeader decode(HeaderFields f) {
        return new GetEarliestMsgStoretimeResponseHeader(f.requiredLong("timestamp"));
    }
}
