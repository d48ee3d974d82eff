package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_BROKER_CONFIG} (26) response; the body is the properties text.
 *
 * @param version required; JSON of the configuration's data version
 */
public record GetBrokerConfigResponseHeader(String version) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (version != null) {
            extFields.put("version", version);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetBrokerConfigResponseHeader decode(HeaderFields f) {
        return new GetBrokerConfigResponseHeader(f.requiredString("version"));
    }
}
