package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code QUERY_DATA_VERSION} (322) response.
 *
 * @param changed required; whether the broker's data version differs from the one the name server holds
 */
public record QueryDataVersionResponseHeader(boolean changed) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("changed", String.valueOf(changed));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryDataVersionResponseHeader decode(HeaderFields f) {
        return new QueryDataVersionResponseHeader(f.requiredBoolean("changed"));
    }
}
