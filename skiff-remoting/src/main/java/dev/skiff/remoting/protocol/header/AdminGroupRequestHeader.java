package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * The admin requests that name only a consumer group under the key {@code group}: {@code
 * QUERY_TOPICS_BY_CONSUMER} (343) and {@code GET_SUBSCRIPTIONGROUP_CONFIG} (352).
 *
 * @param group required
 */
public record AdminGroupRequestHeader(String group) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (group != null) {
            extFields.put("group", group);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static AdminGroupRequestHeader decode(HeaderFields f) {
        return new AdminGroupRequestHeader(f.requiredString("group"));
    }
}
