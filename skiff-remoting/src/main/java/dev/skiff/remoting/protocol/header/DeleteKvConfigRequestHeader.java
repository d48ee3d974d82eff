package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code DELETE_KV_CONFIG} (102) request.
 *
 * @param namespace required
 * @param key required
 */
public record DeleteKvConfigRequestHeader(String namespace, String key) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (namespace != null) {
            extFields.put("namespace", namespace);
        }
        if (key != null) {
            extFields.put("key", key);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static DeleteKvConfigRequestHeader decode(HeaderFields f) {
        return new DeleteKvConfigRequestHeader(f.requiredString("namespace"), f.requiredString("key"));
    }
}
