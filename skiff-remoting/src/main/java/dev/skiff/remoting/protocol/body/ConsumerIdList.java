package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.List;

/**
 * Body of the {@code GET_CONSUMER_LIST_BY_GROUP} (38) response, protocol sheet §6.7:
 * {@code {"consumerIdList":["10.0.0.2@1234#567", ..]}}.
 */
public record ConsumerIdList(List<String> consumerIdList) {

    public ConsumerIdList {
        consumerIdList = List.copyOf(consumerIdList);
    }

    public JsonObject toJson() {
        return new JsonObject().put("consumerIdList", Bodies.strings(consumerIdList));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static ConsumerIdList fromJson(JsonValue json) {
        return new ConsumerIdList(Bodies.readStrings(json.asObject().getArray("consumerIdList")));
    }

    public static ConsumerIdList decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "ConsumerIdList");
        return Bodies.decode("ConsumerIdList", json, ConsumerIdList::fromJson);
    }
}
