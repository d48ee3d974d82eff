package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * The admin requests that name only a topic: {@code DELETE_TOPIC_IN_BROKER} (215), {@code
 * GET_TOPIC_STATS_INFO} (202), {@code QUERY_TOPIC_CONSUME_BY_WHO} (300) and {@code
 * GET_TOPIC_CONFIG} (351). The official tool has one header class per code, all with this one
 * field.
 *
 * @param topic required
 */
public record AdminTopicRequestHeader(String topic) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static AdminTopicRequestHeader decode(HeaderFields f) {
        return new AdminTopicRequestHeader(f.requiredString("topic"));
    }
}
