package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code DELETE_TOPIC_IN_NAMESRV} (216) request.
 *
 * @param topic required
 * @param clusterName optional; when set, only the queue data of that cluster's brokers is removed
 */
public record DeleteTopicFromNamesrvRequestHeader(String topic, String clusterName) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        if (clusterName != null) {
            extFields.put("clusterName", clusterName);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static DeleteTopicFromNamesrvRequestHeader decode(HeaderFields f) {
        return new DeleteTopicFromNamesrvRequestHeader(f.requiredString("topic"), f.optionalString("clusterName"));
    }
}
