package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_KVLIST_BY_NAMESPACE} (219) request.
 *
 * @param namespace required
 */
public record GetKvListByNamespaceRequestHeader(String namespace) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (namespace != null) {
            extFields.put("namespace", namespace);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetKvListByNamespaceRequestHeader decode(HeaderFields f) {
        return new GetKvListByNamespaceRequestHeader(f.requiredString("namespace"));
    }
}
