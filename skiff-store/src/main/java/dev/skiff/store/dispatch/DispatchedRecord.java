package dev.skiff.store.dispatch;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordProperties;
import java.util.Map;

/**
 * A flyweight describing the record being dispatched; valid only during {@link
 * ArrivalListener#onArrival}. Properties are kept as the encoded string; {@link #property} reads
 * one without building a map.
 */
public final class DispatchedRecord {
    private String topic;
    private int queueId;
    private long queueOffset;
    private long physicalOffset;
    private int size;
    private long tagsCode;
    private long storeTimestampMs;
    private RecordProperties properties;

    void set(
            String topic,
            int queueId,
            long queueOffset,
            long physicalOffset,
            int size,
            long tagsCode,
            long storeTimestampMs,
            RecordProperties properties) {
        this.topic = topic;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.physicalOffset = physicalOffset;
        this.size = size;
        this.tagsCode = tagsCode;
        this.storeTimestampMs = storeTimestampMs;
        this.properties = properties;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public long physicalOffset() {
        return physicalOffset;
    }

    public int size() {
        return size;
    }

    public long tagsCode() {
        return tagsCode;
    }

    public long storeTimestampMs() {
        return storeTimestampMs;
    }

    /** The encoded properties string (§5.1), decoded on first use. */
    public String properties() {
        return properties.asString();
    }

    /** One property's value, or null; reads the record in place. */
    public String property(String name) {
        return properties.get(name);
    }

    public Map<String, String> propertiesMap() {
        return MessageProperties.decode(properties.asString());
    }
}
