package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code QUERY_CONSUMER_OFFSET} (14) request.
 *
 * @param consumerGroup required
 * @param topic required
 * @param queueId required
 * @param setZeroIfNotFound optional; {@code false} forbids the "young queue starts at 0" answer
 */
public record QueryConsumerOffsetRequestHeader(
        String consumerGroup, String topic, int queueId, Boolean setZeroIfNotFound) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
        if (setZeroIfNotFound != null) {
            extFields.put("setZeroIfNotFound", setZeroIfNotFound.toString());
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryConsumerOffsetRequestHeader decode(HeaderFields f) {
        return new QueryConsumerOffsetRequestHeader(
                f.requiredString("consumerGroup"),
                f.requiredString("topic"),
                f.requiredInt("queueId"),
                f.optionalBooleanObject("setZeroIfNotFound"));
    }
}
