package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code LOCK_BATCH_MQ} (41) response body: the queues now locked by the requesting client,
 * {@code {"lockOKMQSet":[{"brokerName","queueId","topic"}]}}. A queue of the request missing here
 * is held by another client.
 */
public record LockBatchResponseBody(Set<QueueRef> lockOKMQSet) {

    public LockBatchResponseBody {
        lockOKMQSet = Collections.unmodifiableSet(new LinkedHashSet<>(lockOKMQSet));
    }

    public JsonObject toJson() {
        JsonArray queues = new JsonArray();
        lockOKMQSet.forEach(q -> queues.add(q.toJson()));
        return new JsonObject().put("lockOKMQSet", queues);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static LockBatchResponseBody fromJson(JsonValue json) {
        return new LockBatchResponseBody(
                LockBatchRequestBody.readQueues(json.asObject().getArray("lockOKMQSet"), "lockOKMQSet"));
    }

    public static LockBatchResponseBody decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "LockBatchResponseBody");
        return Bodies.decode("LockBatchResponseBody", json, LockBatchResponseBody::fromJson);
    }
}
