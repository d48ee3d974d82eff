package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queues an offset reset moved and their new offsets (answer to {@code
 * INVOKE_BROKER_TO_RESET_OFFSET}, 222; also the body of 220). Object-keyed: {@code
 * {"offsetTable":{{"brokerName":"b","queueId":1,"topic":"t"}:42}}}.
 */
public record ResetOffsetBody(Map<MessageQueueRef, Long> offsetTable) {

    public ResetOffsetBody {
        offsetTable = Collections.unmodifiableMap(new TreeMap<>(offsetTable));
    }

    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        offsetTable.forEach((mq, offset) -> table.putKey(mq.toJson(), JsonNumber.of(offset)));
        return new JsonObject().put("offsetTable", table);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static ResetOffsetBody fromJson(JsonValue json) {
        Map<MessageQueueRef, Long> table = new TreeMap<>();
        JsonObject o = json.asObject().getObject("offsetTable");
        if (o != null) {
            for (Map.Entry<Object, JsonValue> e : o.entries()) {
                if (e.getKey() instanceof JsonObject key) {
                    table.put(MessageQueueRef.fromJson(key), e.getValue().asLong());
                }
            }
        }
        return new ResetOffsetBody(table);
    }

    public static ResetOffsetBody decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "ResetOffsetBody");
        return Bodies.decode("ResetOffsetBody", json, ResetOffsetBody::fromJson);
    }
}
