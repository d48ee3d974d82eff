package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code QUERY_CONSUME_QUEUE} (321) request, sent by {@code mqadmin queryCq}.
 *
 * @param topic required
 * @param queueId the queue
 * @param index the first queue offset to list
 * @param count how many entries to list
 * @param consumerGroup optional; a group whose subscription to the topic the answer includes
 */
public record QueryConsumeQueueRequestHeader(String topic, int queueId, long index, int count, String consumerGroup)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("index", Long.toString(index));
        extFields.put("count", Integer.toString(count));
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryConsumeQueueRequestHeader decode(HeaderFields f) {
        return new QueryConsumeQueueRequestHeader(
                f.requiredString("topic"),
                f.requiredInt("queueId"),
                f.requiredLong("index"),
                f.requiredInt("count"),
                f.optionalString("consumerGroup"));
    }
}
