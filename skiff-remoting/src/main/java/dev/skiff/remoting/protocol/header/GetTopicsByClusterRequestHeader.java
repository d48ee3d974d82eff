package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_TOPICS_BY_CLUSTER} (224) request.
 *
 * @param cluster required
 */
public record GetTopicsByClusterRequestHeader(String cluster) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (cluster != null) {
            extFields.put("cluster", cluster);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetTopicsByClusterRequestHeader decode(HeaderFields f) {
        return new GetTopicsByClusterRequestHeader(f.requiredString("cluster"));
    }
}
