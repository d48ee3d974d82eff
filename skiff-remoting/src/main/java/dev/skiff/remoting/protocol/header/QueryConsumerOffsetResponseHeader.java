package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to {@code QUERY_CONSUMER_OFFSET} (14): the committed offset.
 *
 * @param offset required
 */
public record QueryConsumerOffsetResponseHeader(long offset) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("offset", String.valueOf(offset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryConsumerOffsetResponseHeader decode(HeaderFields f) {
        return new QueryConsumerOffsetResponseHeader(f.requiredLong("offset"));
    }
}
