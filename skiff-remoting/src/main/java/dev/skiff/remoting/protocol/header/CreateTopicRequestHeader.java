package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code UPDATE_AND_CREATE_TOPIC} (17) request: the whole topic config travels in the header.
 *
 * @param topic required
 * @param defaultTopic required by the official reader; the template topic the admin tool names (unused by Skiff)
 * @param readQueueNums required
 * @param writeQueueNums required
 * @param perm required; PermName bits (1 inherit, 2 write, 4 read, 8 priority)
 * @param topicFilterType required; {@code SINGLE_TAG} or {@code MULTI_TAG}
 * @param topicSysFlag optional
 * @param order required; ordered topic
 * @param attributes optional; changes as {@code +key=value,-key}
 * @param force optional; static-topic remapping flag (unused by Skiff)
 */
public record CreateTopicRequestHeader(
        String topic,
        String defaultTopic,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        String topicFilterType,
        Integer topicSysFlag,
        boolean order,
        String attributes,
        Boolean force)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        if (defaultTopic != null) {
            extFields.put("defaultTopic", defaultTopic);
        }
        extFields.put("readQueueNums", String.valueOf(readQueueNums));
        extFields.put("writeQueueNums", String.valueOf(writeQueueNums));
        extFields.put("perm", String.valueOf(perm));
        if (topicFilterType != null) {
            extFields.put("topicFilterType", topicFilterType);
        }
        if (topicSysFlag != null) {
            extFields.put("topicSysFlag", topicSysFlag.toString());
        }
        extFields.put("order", String.valueOf(order));
        if (attributes != null) {
            extFields.put("attributes", attributes);
        }
        if (force != null) {
            extFields.put("force", force.toString());
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static CreateTopicRequestHeader decode(HeaderFields f) {
        return new CreateTopicRequestHeader(
                f.requiredString("topic"),
                f.optionalString("defaultTopic"),
                f.requiredInt("readQueueNums"),
                f.requiredInt("writeQueueNums"),
                f.requiredInt("perm"),
                f.optionalString("topicFilterType", "SINGLE_TAG"),
                f.optionalInteger("topicSysFlag"),
                f.optionalBoolean("order", false),
                f.optionalString("attributes"),
                f.optionalBooleanObject("force"));
    }
}
