package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to {@code SEARCH_OFFSET_BY_TIMESTAMP} (29): the offset found.
 *
 * @param offset required
 */
public record SearchOffsetResponseHeader(long offset) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("offset", String.valueOf(offset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static SearchOffsetResponseHeader decode(HeaderFields f) {
        return new SearchOffsetResponseHeader(f.requiredLong("offset"));
    }
}
