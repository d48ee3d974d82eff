package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code VIEW_MESSAGE_BY_ID} (33) request.
 *
 * @param topic optional; the topic the caller expects (informational)
 * @param offset required; commit-log offset, as decoded from an offset message id
 */
public record ViewMessageRequestHeader(String topic, long offset) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("offset", String.valueOf(offset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static ViewMessageRequestHeader decode(HeaderFields f) {
        return new ViewMessageRequestHeader(f.optionalString("topic"), f.requiredLong("offset"));
    }
}
