package dev.skiff.common.message;

import java.util.Map;

/**
 * A stored record decoded into plain fields (see {@link StoredRecordLayout} for the bytes). The body
 * is as stored: still compressed when {@code sysFlag} bit 0 is set.
 */
public record StoredMessage(
        int storeSize,
        int bodyCrc,
        int queueId,
        int flag,
        long queueOffset,
        long physicalOffset,
        int sysFlag,
        long bornTimestampMs,
        HostAddress bornHost,
        long storeTimestampMs,
        HostAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String topic,
        String properties) {

    /** The properties decoded into a fresh map. */
    public Map<String, String> propertiesMap() {
        return MessageProperties.decode(properties);
    }

    /** One property, or null. */
    public String property(String name) {
        return MessageProperties.get(properties, name);
    }

    /** The offset message id (§5.5) of this record. */
    public String offsetMsgId() {
        return OffsetMessageId.encode(storeHost, physicalOffset);
    }

    /** Whether the stored body CRC matches the body. */
    public boolean bodyCrcMatches() {
        return StoredRecordLayout.bodyCrc(body, 0, body.length) == bodyCrc;
    }
}
