package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Objects;

/** One broker's queues of a topic, inside a route. {@code perm}: 2 = write, 4 = read, 1 = inherit. */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

    public QueueData {
        Objects.requireNonNull(brokerName, "brokerName");
    }

    public QueueData withPerm(int newPerm) {
        return new QueueData(brokerName, readQueueNums, writeQueueNums, newPerm, topicSysFlag);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("brokerName", brokerName)
                .put("perm", perm)
                .put("readQueueNums", readQueueNums)
                .put("topicSysFlag", topicSysFlag)
                .put("writeQueueNums", writeQueueNums);
    }

    public static QueueData fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        String brokerName = o.getString("brokerName");
        if (brokerName == null) {
            throw new dev.skiff.common.json.JsonException("queue data without 'brokerName'");
        }
        return new QueueData(
                brokerName,
                o.getInt("readQueueNums", 0),
                o.getInt("writeQueueNums", 0),
                o.getInt("perm", 0),
                o.getInt("topicSysFlag", 0));
    }
}
