package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code PULL_MESSAGE} (11) and {@code LITE_PULL_MESSAGE} (361) request; protocol sheet §3.3 and
 * the sysFlag bits of §7.3.
 *
 * @param consumerGroup required
 * @param topic required
 * @param queueId required
 * @param queueOffset required; the first queue offset wanted
 * @param maxMsgNums required; most messages wanted
 * @param sysFlag required; {@code PullSysFlag} bits (commit offset, suspend, subscription, ...)
 * @param commitOffset required; the consumer's progress, stored when bit 0 of sysFlag is set
 * @param suspendTimeoutMillis required; how long the broker may hold an empty pull
 * @param subscription optional; tag expression, used when bit 2 of sysFlag is set
 * @param subVersion the subscription version the client holds (0 when absent)
 * @param expressionType optional; {@code TAG} (default) or {@code SQL92}
 * @param maxMsgBytes optional; most bytes wanted
 * @param brokerName optional ({@code bname}); the broker the client aimed at
 */
public record PullMessageRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        long queueOffset,
        int maxMsgNums,
        int sysFlag,
        long commitOffset,
        long suspendTimeoutMillis,
        String subscription,
        long subVersion,
        String expressionType,
        Integer maxMsgBytes,
        String brokerName)
        implements CommandHeader {

    /** sysFlag bit 0: store {@code commitOffset}. */
    public static final int FLAG_COMMIT_OFFSET = 1;
    /** sysFlag bit 1: the broker may hold the request (long polling). */
    public static final int FLAG_SUSPEND = 1 << 1;
    /** sysFlag bit 2: use the request's own subscription. */
    public static final int FLAG_SUBSCRIPTION = 1 << 2;
    /** sysFlag bit 3: legacy class filter. */
    public static final int FLAG_CLASS_FILTER = 1 << 3;
    /** sysFlag bit 4: sent by a lite pull consumer. */
    public static final int FLAG_LITE_PULL = 1 << 4;

    public boolean hasFlag(int bit) {
        return (sysFlag & bit) != 0;
    }

    @Override
    public void writeTo(Map<String, String> extFields) {
        put(extFields, "consumerGroup", consumerGroup);
        put(extFields, "topic", topic);
        extFields.put("queueId", String.valueOf(queueId));
        extFields.put("queueOffset", String.valueOf(queueOffset));
        extFields.put("maxMsgNums", String.valueOf(maxMsgNums));
        extFields.put("sysFlag", String.valueOf(sysFlag));
        extFields.put("commitOffset", String.valueOf(commitOffset));
        extFields.put("suspendTimeoutMillis", String.valueOf(suspendTimeoutMillis));
        put(extFields, "subscription", subscription);
        extFields.put("subVersion", String.valueOf(subVersion));
        put(extFields, "expressionType", expressionType);
        put(extFields, "maxMsgBytes", maxMsgBytes);
        put(extFields, "bname", brokerName);
    }

    private static void put(Map<String, String> extFields, String key, Object value) {
        if (value != null) {
            extFields.put(key, value.toString());
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static PullMessageRequestHeader decode(HeaderFields f) {
        return new PullMessageRequestHeader(
                f.requiredString("consumerGroup"),
                f.requiredString("topic"),
                f.requiredInt("queueId"),
                f.requiredLong("queueOffset"),
                f.requiredInt("maxMsgNums"),
                f.requiredInt("sysFlag"),
                f.optionalLong("commitOffset", 0),
                f.optionalLong("suspendTimeoutMillis", 0),
                f.optionalString("subscription"),
                f.optionalLong("subVersion", 0),
                f.optionalString("expressionType"),
                f.optionalInteger("maxMsgBytes"),
                f.optionalString("bname"));
    }
}
