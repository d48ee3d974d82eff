package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code QUERY_MESSAGE} (12) response; the body is the matching stored records, concatenated.
 *
 * @param indexLastUpdateTimestamp required; store time up to which the index is known to be built
 * @param indexLastUpdatePhyoffset required; commit-log offset up to which the index is known to be built
 */
public record QueryMessageResponseHeader(long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("indexLastUpdateTimestamp", String.valueOf(indexLastUpdateTimestamp));
        extFields.put("indexLastUpdatePhyoffset", String.valueOf(indexLastUpdatePhyoffset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryMessageResponseHeader decode(HeaderFields f) {
        return new QueryMessageResponseHeader(
                f.requiredLong("indexLastUpdateTimestamp"), f.requiredLong("indexLastUpdatePhyoffset"));
    }
}
