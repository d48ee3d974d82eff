package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_EARLIEST_MSG_STORETIME} (32) request.
 *
 * @param topic required
 * @param queueId required
 */
public record GetEarliestMsgStoretimeRequestHeader(String topic, int queueId) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetEarliestMsgStoretimeRequestHeader decode(HeaderFields f) {
        return new GetEarliestMsgStoretimeRequestHeader(f.requiredString("topic"), f.requiredInt("queueId"));
    }
}
