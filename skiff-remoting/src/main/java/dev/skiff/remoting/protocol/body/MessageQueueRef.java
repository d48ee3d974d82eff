package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Comparator;
import java.util.Objects;

/**
 * One queue of one broker: the official {@code MessageQueue}, {@code
 * {"brokerName":"b","queueId":0,"topic":"t"}}. Admin bodies use it as an object key of a map
 * (fastjson prints the object itself as the key), see {@link JsonObject#putKey}.
 */
public record MessageQueueRef(String topic, String brokerName, int queueId) implements Comparable<MessageQueueRef> {

    private static final Comparator<MessageQueueRef> ORDER = Comparator.comparing(MessageQueueRef::topic)
            .thenComparing(MessageQueueRef::brokerName)
            .thenComparingInt(MessageQueueRef::queueId);

    public MessageQueueRef {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(brokerName, "brokerName");
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("brokerName", brokerName)
                .put("queueId", queueId)
                .put("topic", topic);
    }

    public static MessageQueueRef fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        return new MessageQueueRef(
                Objects.requireNonNullElse(o.getString("topic"), ""),
                Objects.requireNonNullElse(o.getString("brokerName"), ""),
                o.getInt("queueId", 0));
    }

    @Override
    public int compareTo(MessageQueueRef other) {
        return ORDER.compare(this, other);
    }
}
