package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code INVOKE_BROKER_TO_RESET_OFFSET} (222) request.
 *
 * @param group required
 * @param topic required
 * @param queueId always sent; -1 = every queue of the topic
 * @param offset optional; explicit target offset (only with a queue id); absent or -1 = search by timestamp
 * @param timestamp required; store time to search for; negative = the queue's end
 * @param isForce always sent (the official broker ignores it when resetting on the server side)
 */
public record ResetOffsetRequestHeader(
        String group, String topic, int queueId, Long offset, long timestamp, boolean isForce)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (group != null) {
            extFields.put("group", group);
        }
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
        if (offset != null) {
            extFields.put("offset", offset.toString());
        }
        extFields.put("timestamp", String.valueOf(timestamp));
        extFields.put("isForce", String.valueOf(isForce));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static ResetOffsetRequestHeader decode(HeaderFields f) {
        return new ResetOffsetRequestHeader(
                f.requiredString("group"),
                f.requiredString("topic"),
                f.optionalInt("queueId", -1),
                f.optionalLongObject("offset"),
                f.requiredLong("timestamp"),
                f.optionalBoolean("isForce", false));
    }
}
