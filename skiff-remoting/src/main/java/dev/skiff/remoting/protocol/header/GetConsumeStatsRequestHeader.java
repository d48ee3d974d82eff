package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code GET_CONSUME_STATS} (208) request.
 *
 * @param consumerGroup required
 * @param topic optional; one topic (absent: every topic the group has offsets for)
 * @param topicList optional (5.3.x); topics separated by {@code ;}, taking precedence over {@code topic}
 */
public record GetConsumeStatsRequestHeader(String consumerGroup, String topic, String topicList)
        implements CommandHeader {

    /** The topics of {@code topicList}, blanks dropped; empty when absent. */
    public List<String> topics() {
        if (topicList == null || topicList.isBlank()) {
            return List.of();
        }
        return Arrays.stream(topicList.split(";"))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
        if (topic != null) {
            extFields.put("topic", topic);
        }
        if (topicList != null) {
            extFields.put("topicList", topicList);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetConsumeStatsRequestHeader decode(HeaderFields f) {
        return new GetConsumeStatsRequestHeader(
                f.requiredString("consumerGroup"), f.optionalString("topic"), f.optionalString("topicList"));
    }
}
