package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CONSUMER_SEND_MSG_BACK} (36) request: a consumer hands back a message it failed to
 * consume so the broker schedules a retry or moves it to the dead-letter topic.
 *
 * @param offset required; commit-log offset of the failed message
 * @param group required; the consumer group
 * @param delayLevel required; 0 lets the broker choose, a negative value sends to the DLQ
 * @param originMsgId optional; the message id the consumer saw
 * @param originTopic optional; the topic the consumer saw
 * @param unitMode optional, default false
 * @param maxReconsumeTimes optional; the consumer's limit, absent or negative means the group's
 * @param bname optional; the broker name the client addressed
 */
public record ConsumerSendMsgBackRequestHeader(
        long offset,
        String group,
        int delayLevel,
        String originMsgId,
        String originTopic,
        boolean unitMode,
        Integer maxReconsumeTimes,
        String bname)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("offset", Long.toString(offset));
        if (group != null) {
            extFields.put("group", group);
        }
        extFields.put("delayLevel", Integer.toString(delayLevel));
        if (originMsgId != null) {
            extFields.put("originMsgId", originMsgId);
        }
        if (originTopic != null) {
            extFields.put("originTopic", originTopic);
        }
        extFields.put("unitMode", Boolean.toString(unitMode));
        if (maxReconsumeTimes != null) {
            extFields.put("maxReconsumeTimes", maxReconsumeTimes.toString());
        }
        if (bname != null) {
            extFields.put("bname", bname);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static ConsumerSendMsgBackRequestHeader decode(HeaderFields f) {
        return new ConsumerSendMsgBackRequestHeader(
                f.requiredLong("offset"),
                f.requiredString("group"),
                f.requiredInt("delayLevel"),
                f.optionalString("originMsgId"),
                f.optionalString("originTopic"),
                f.optionalBoolean("unitMode", false),
                f.optionalInteger("maxReconsumeTimes"),
                f.optionalString("bname"));
    }
}
