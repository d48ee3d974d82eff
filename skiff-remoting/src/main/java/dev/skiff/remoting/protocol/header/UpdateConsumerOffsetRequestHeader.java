package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code UPDATE_CONSUMER_OFFSET} (15) request; usually one-way.
 *
 * @param consumerGroup required
 * @param topic required
 * @param queueId required
 * @param commitOffset required; the next offset the group will consume
 */
public record UpdateConsumerOffsetRequestHeader(String consumerGroup, String topic, int queueId, long commitOffset)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
        extFields.put("commitOffset", String.valueOf(commitOffset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static UpdateConsumerOffsetRequestHeader decode(HeaderFields f) {
        return new UpdateConsumerOffsetRequestHeader(
                f.requiredString("consumerGroup"),
                f.requiredString("topic"),
                f.requiredInt("queueId"),
                f.requiredLong("commitOffset"));
    }
}
