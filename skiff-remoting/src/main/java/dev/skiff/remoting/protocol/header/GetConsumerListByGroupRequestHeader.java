package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_CONSUMER_LIST_BY_GROUP} (38) request: the client ids of a group's connected consumers.
 *
 * @param consumerGroup required
 */
public record GetConsumerListByGroupRequestHeader(String consumerGroup) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetConsumerListByGroupRequestHeader decode(HeaderFields f) {
        return new GetConsumerListByGroupRequestHeader(f.requiredString("consumerGroup"));
    }
}
