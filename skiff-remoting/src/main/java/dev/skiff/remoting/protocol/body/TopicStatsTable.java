package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET_TOPIC_STATS_INFO} (202) body: per queue the offset range and the store time of the
 * newest message. The map is object-keyed, as fastjson writes it: {@code
 * {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:{"lastUpdateTimestamp":..,"maxOffset":10,"minOffset":0}},"topicPutTps":0.0}}.
 */
public record TopicStatsTable(Map<MessageQueueRef, TopicOffset> offsetTable, double topicPutTps) {

    /**
     * One queue's figures.
     *
     * @param minOffset first queue offset still stored
     * @param maxOffset the offset the next message will get
     * @param lastUpdateTimestamp store time of the newest message, 0 when the queue is empty
     */
    public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("lastUpdateTimestamp", lastUpdateTimestamp)
                    .put("maxOffset", maxOffset)
                    .put("minOffset", minOffset);
        }
    }

    public TopicStatsTable {
        offsetTable = Collections.unmodifiableMap(new TreeMap<>(offsetTable));
    }

    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        offsetTable.forEach((mq, offset) -> table.putKey(mq.toJson(), offset.toJson()));
        return new JsonObject().put("offsetTable", table).put("topicPutTps", JsonNumber.of(topicPutTps));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
