package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code ADD_WRITE_PERM_OF_BROKER} (327) request.
 *
 * @param brokerName required
 */
public record AddWritePermOfBrokerRequestHeader(String brokerName) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (brokerName != null) {
            extFields.put("brokerName", brokerName);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static AddWritePermOfBrokerRequestHeader decode(HeaderFields f) {
        return new AddWritePermOfBrokerRequestHeader(f.requiredString("brokerName"));
    }
}
