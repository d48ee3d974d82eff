package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code QUERY_MESSAGE} (12) request. The extra ext field {@code _UNIQUE_KEY_QUERY} ("true" /
 * "false", not part of this record) says whether {@code key} is a message's unique id.
 *
 * @param topic required
 * @param key required; a KEYS entry or a UNIQ_KEY
 * @param maxNum required; most messages wanted
 * @param beginTimestamp required; store-time window start, ms
 * @param endTimestamp required; store-time window end, ms
 */
public record QueryMessageRequestHeader(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp)
        implements CommandHeader {

    /** The ext field that marks a query by unique id. */
    public static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        if (key != null) {
            extFields.put("key", key);
        }
        extFields.put("maxNum", String.valueOf(maxNum));
        extFields.put("beginTimestamp", String.valueOf(beginTimestamp));
        extFields.put("endTimestamp", String.valueOf(endTimestamp));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryMessageRequestHeader decode(HeaderFields f) {
        return new QueryMessageRequestHeader(
                f.requiredString("topic"),
                f.requiredString("key"),
                f.requiredInt("maxNum"),
                f.requiredLong("beginTimestamp"),
                f.requiredLong("endTimestamp"));
    }
}
