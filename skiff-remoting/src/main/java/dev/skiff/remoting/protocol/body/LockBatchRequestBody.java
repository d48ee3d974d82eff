package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code LOCK_BATCH_MQ} (41) and {@code UNLOCK_BATCH_MQ} (42) request body (both have these members):
 * {@code {"clientId":"cid","consumerGroup":"cg","mqSet":[{..}],"onlyThisBroker":false}}.
 *
 * @param onlyThisBroker true when a broker should not forward the request to its replicas
 */
public record LockBatchRequestBody(String consumerGroup, String clientId, Set<QueueRef> mqSet, boolean onlyThisBroker) {
    /** Most queues one request may name. */
    public static final int QUEUES_MAX = 10_000;

    public LockBatchRequestBody {
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

    public static LockBatchRequestBody fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        return new LockBatchRequestBody(
                o.getString("consumerGroup"),
                o.getString("clientId"),
                readQueues(o.getArray("mqSet"), "mqSet"),
                o.getBoolean("onlyThisBroker", false));
    }

    /** Parses and bounds the body; a malformed one throws {@link BodyFormatException}. */
    public static LockBatchRequestBody decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "LockBatchRequestBody");
        return Bodies.decode("LockBatchRequestBody", json, LockBatchRequestBody::fromJson);
    }

    static Set<QueueRef> readQueues(JsonArray array, String member) {
        Set<QueueRef> queues = new LinkedHashSet<>();
        if (array == null) {
            return queues;
        }
        if (array.size() > QUEUES_MAX) {
            throw new JsonException(
                    "member '" + member + "' names " + array.size() + " queues, more than " + QUEUES_MAX);
        }
        array.forEach(q -> queues.add(QueueRef.fromJson(q)));
        return queues;
    }
}
