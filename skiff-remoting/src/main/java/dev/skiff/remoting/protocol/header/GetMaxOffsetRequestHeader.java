package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_MAX_OFFSET} (30) request.
 *
 * @param topic required
 * @param queueId required
 * @param committed always sent by the client ("true"); Skiff has no uncommitted tail to exclude
 */
public record GetMaxOffsetRequestHeader(String topic, int queueId, boolean committed) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
        extFields.put("committed", String.valueOf(committed));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetMaxOffsetRequestHeader decode(HeaderFields f) {
        return new GetMaxOffsetRequestHeader(
                f.requiredString("topic"), f.requiredInt("queueId"), f.optionalBoolean("committed", true));
    }
}
