package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code UNREGISTER_CLIENT} (35) request, sent by a client instance at shutdown.
 *
 * @param clientID required
 * @param producerGroup optional
 * @param consumerGroup optional
 */
public record UnregisterClientRequestHeader(String clientID, String producerGroup, String consumerGroup)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (clientID != null) {
            extFields.put("clientID", clientID);
        }
        if (producerGroup != null) {
            extFields.put("producerGroup", producerGroup);
        }
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static UnregisterClientRequestHeader decode(HeaderFields f) {
        return new UnregisterClientRequestHeader(
                f.requiredString("clientID"), f.optionalString("producerGroup"), f.optionalString("consumerGroup"));
    }
}
