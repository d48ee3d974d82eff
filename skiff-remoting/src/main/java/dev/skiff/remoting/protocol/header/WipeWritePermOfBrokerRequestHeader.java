package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code WIPE_WRITE_PERM_OF_BROKER} (205) request.
 *
 * @param brokerName required
 */
public record WipeWritePermOfBrokerRequestHeader(String brokerName) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (brokerName != null) {
            extFields.put("brokerName", brokerName);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static WipeWritePermOfBrokerRequestHeader decode(HeaderFields f) {
        return new WipeWritePermOfBrokerRequestHeader(f.requiredString("brokerName"));
    }
}
