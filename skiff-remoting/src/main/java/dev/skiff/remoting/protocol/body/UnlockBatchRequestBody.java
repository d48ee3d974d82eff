package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code UNLOCK_BATCH_MQ} (42) request body: the same members as {@link LockBatchRequestBody},
 * {@code {"clientId","consumerGroup","mqSet":[..],"onlyThisBroker"}}.
 */
public record UnlockBatchRequestBody(
        String consumerGroup, String clientId, Set<QueueRef> mqSet, boolean onlyThisBroker) {

    public UnlockBatchRequestBody {
        mqSet = Collections.unmodifiableSet(new LinkedHashSet<>(mqSet));
    }

    public JsonObject toJson() {
        JsonArray queues = new JsonArray();
        mqSet.forEach(q -> queues.add(q.toJson()));
        return new JsonObject()
                .put("clientId", clientId)
                .put("consumerGroup", consumerGroup)
                .put("mqSet", queues)
                .put("onlyThisBroker", onlyThisBroker);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static UnlockBatchRequestBody fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        return new UnlockBatchRequestBody(
                o.getString("consumerGroup"),
                o.getString("clientId"),
                LockBatchRequestBody.readQueues(o.getArray("mqSet"), "mqSet"),
                o.getBoolean("onlyThisBroker", false));
    }

    /** Parses and bounds the body; a malformed one throws {@link BodyFormatException}. */
    public static UnlockBatchRequestBody decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "UnlockBatchRequestBody");
        return Bodies.decode("UnlockBatchRequestBody", json, UnlockBatchRequestBody::fromJson);
    }
}
