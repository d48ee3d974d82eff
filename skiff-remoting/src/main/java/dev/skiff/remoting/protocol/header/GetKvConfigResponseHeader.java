package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_KV_CONFIG} (101) response.
 *
 * @param value optional
 */
public record GetKvConfigResponseHeader(String value) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (value != null) {
            extFields.put("value", value);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetKvConfigResponseHeader decode(HeaderFields f) {
        return new GetKvConfigResponseHeader(f.optionalString("value"));
    }
}
