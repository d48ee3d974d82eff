package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_MIN_OFFSET} (31) request.
 *
 * @param topic required
 * @param queueId required
 */
public record GetMinOffsetRequestHeader(String topic, int queueId) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetMinOffsetRequestHeader decode(HeaderFields f) {
        return new GetMinOffsetRequestHeader(f.requiredString("topic"), f.requiredInt("queueId"));
    }
}
