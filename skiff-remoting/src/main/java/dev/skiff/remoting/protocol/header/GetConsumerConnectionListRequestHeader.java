package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_CONSUMER_CONNECTION_LIST} (203) request.
 *
 * @param consumerGroup required
 */
public record GetConsumerConnectionListRequestHeader(String consumerGroup) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetConsumerConnectionListRequestHeader decode(HeaderFields f) {
        return new GetConsumerConnectionListRequestHeader(f.requiredString("consumerGroup"));
    }
}
