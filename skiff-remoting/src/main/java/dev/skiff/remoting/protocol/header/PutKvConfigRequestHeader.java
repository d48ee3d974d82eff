package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code PUT_KV_CONFIG} (100) request.
 *
 * @param namespace required
 * @param key required
 * @param value required
 */
public record PutKvConfigRequestHeader(String namespace, String key, String value) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (namespace != null) {
            extFields.put("namespace", namespace);
        }
        if (key != null) {
            extFields.put("key", key);
        }
        if (value != null) {
            extFields.put("value", value);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static PutKvConfigRequestHeader decode(HeaderFields f) {
        return new PutKvConfigRequestHeader(
                f.requiredString("namespace"), f.requiredString("key"), f.requiredString("value"));
    }
}
