package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_ALL_TOPIC_CONFIG} (21) response.
 *
 * @param totalTopicNum optional; how many topics the broker has in all (a paging client stops once
 *     it has read that many)
 */
public record GetAllTopicConfigResponseHeader(Integer totalTopicNum) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (totalTopicNum != null) {
            extFields.put("totalTopicNum", totalTopicNum.toString());
        }
    }

    /** Reads and validates the fields. */
    public static GetAllTopicConfigResponseHeader decode(HeaderFields f) {
        return new GetAllTopicConfigResponseHeader(f.optionalInteger("totalTopicNum"));
    }
}
