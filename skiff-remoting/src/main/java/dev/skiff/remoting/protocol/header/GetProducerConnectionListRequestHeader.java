package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_PRODUCER_CONNECTION_LIST} (204) request.
 *
 * @param producerGroup required
 */
public record GetProducerConnectionListRequestHeader(String producerGroup) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (producerGroup != null) {
            extFields.put("producerGroup", producerGroup);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetProducerConnectionListRequestHeader decode(HeaderFields f) {
        return new GetProducerConnectionListRequestHeader(f.requiredString("producerGroup"));
    }
}
