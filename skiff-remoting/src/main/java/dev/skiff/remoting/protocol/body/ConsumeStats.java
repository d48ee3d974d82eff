package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET_CONSUME_STATS} (208) body: how far a group has consumed each queue. Object-keyed:
 * {@code {"consumeTps":1.5,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:{"brokerOffset":10,"consumerOffset":7,"lastTimestamp":..,"pullOffset":7}}}}.
 */
public record ConsumeStats(Map<MessageQueueRef, OffsetWrapper> offsetTable, double consumeTps) {

    /**
     * One queue's figures.
     *
     * @param brokerOffset the offset the next message will get
     * @param consumerOffset the group's committed offset (0 when none)
     * @param lastTimestamp store time of the last consumed message (at consumerOffset - 1), 0 when unknown
     * @param pullOffset how far the group has pulled (at least consumerOffset)
     */
    public record OffsetWrapper(long brokerOffset, long consumerOffset, long lastTimestamp, long pullOffset) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("brokerOffset", brokerOffset)
                    .put("consumerOffset", consumerOffset)
                    .put("lastTimestamp", lastTimestamp)
                    .put("pullOffset", pullOffset);
        }
    }

    public ConsumeStats {
        offsetTable = Collections.unmodifiableMap(new TreeMap<>(offsetTable));
    }

    /** Messages not yet consumed: the sum of {@code brokerOffset - consumerOffset} over the queues. */
    public long totalDiff() {
        long diff = 0;
        for (OffsetWrapper w : offsetTable.values()) {
            diff += w.brokerOffset() - w.consumerOffset();
        }
        return diff;
    }

    /** Messages pulled but not committed: the sum of {@code pullOffset - consumerOffset} over the queues. */
    public long inflightDiff() {
        long diff = 0;
        for (OffsetWrapper w : offsetTable.values()) {
            diff += w.pullOffset() - w.consumerOffset();
        }
        return diff;
    }

    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        offsetTable.forEach((mq, offset) -> table.putKey(mq.toJson(), offset.toJson()));
        return new JsonObject().put("consumeTps", JsonNumber.of(consumeTps)).put("offsetTable", table);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
