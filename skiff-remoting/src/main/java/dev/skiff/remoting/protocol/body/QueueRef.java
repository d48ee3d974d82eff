package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Objects;

/**
 * One message queue named by topic, broker and queue id, in the client's {@code MessageQueue}
 * JSON shape {@code {"brokerName":"b","queueId":0,"topic":"t"}}. Used by the lock and unlock
 * bodies.
 */
public record QueueRef(String topic, String brokerName, int queueId) {

    public QueueRef {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(brokerName, "brokerName");
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("brokerName", brokerName)
                .put("queueId", queueId)
                .put("topic", topic);
    }

    /** Reads one queue; a missing topic or broker name is a format error. */
    public static QueueRef fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        String topic = o.getString("topic");
        String brokerName = o.getString("brokerName");
        if (topic == null || brokerName == null) {
            throw new JsonException("a message queue needs 'topic' and 'brokerName'");
        }
        return new QueueRef(topic, brokerName, o.getInt("queueId", 0));
    }
}
