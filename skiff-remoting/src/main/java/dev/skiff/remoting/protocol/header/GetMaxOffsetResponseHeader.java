package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to {@code GET_MAX_OFFSET} (30): the offset the next message of the queue will get.
 *
 * @param offset required
 */
public record GetMaxOffsetResponseHeader(long offset) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("offset", String.valueOf(offset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetMaxOffsetResponseHeader decode(HeaderFields f) {
        return new GetMaxOffsetResponseHeader(f.requiredLong("offset"));
    }
}
