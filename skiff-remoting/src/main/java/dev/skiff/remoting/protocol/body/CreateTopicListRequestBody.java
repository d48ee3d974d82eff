package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** {@code UPDATE_AND_CREATE_TOPIC_LIST} (18) body: {@code {"topicConfigList":[TopicConfig...]}}. */
public record CreateTopicListRequestBody(List<TopicConfig> topicConfigList) {

    public CreateTopicListRequestBody {
        topicConfigList = List.copyOf(topicConfigList);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        topicConfigList.forEach(t -> list.add(t.toJson()));
        return new JsonObject().put("topicConfigList", list);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static CreateTopicListRequestBody fromJson(JsonValue json) {
        List<TopicConfig> list = new ArrayList<>();
        JsonArray array = json.asObject().getArray("topicConfigList");
        if (array != null) {
            for (JsonValue element : array) {
                list.add(TopicConfig.fromJson(element, null));
            }
        }
        return new CreateTopicListRequestBody(list);
    }

    public static CreateTopicListRequestBody decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "CreateTopicListRequestBody");
        return Bodies.decode("CreateTopicListRequestBody", json, CreateTopicListRequestBody::fromJson);
    }
}
