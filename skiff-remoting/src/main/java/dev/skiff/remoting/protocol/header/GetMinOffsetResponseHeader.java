package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to {@code GET_MIN_OFFSET} (31): the queue's smallest offset still stored.
 *
 * @param offset required
 */
public record GetMinOffsetResponseHeader(long offset) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("offset", String.valueOf(offset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetMinOffsetResponseHeader decode(HeaderFields f) {
        return new GetMinOffsetResponseHeader(f.requiredLong("offset"));
    }
}
