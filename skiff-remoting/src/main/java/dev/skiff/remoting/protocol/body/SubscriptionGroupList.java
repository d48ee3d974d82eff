package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST} (225) body, sent by {@code mqadmin
 * updateSubGroupList}: {@code {"groupConfigList":[SubscriptionGroupConfig...]}}.
 */
public record SubscriptionGroupList(List<SubscriptionGroupConfig> groupConfigList) {

    public SubscriptionGroupList {
        groupConfigList = List.copyOf(groupConfigList);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        groupConfigList.forEach(g -> list.add(g.toJson()));
        return new JsonObject().put("groupConfigList", list);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static SubscriptionGroupList fromJson(JsonValue json) {
        List<SubscriptionGroupConfig> list = new ArrayList<>();
        JsonArray array = json.asObject().getArray("groupConfigList");
        if (array != null) {
            for (JsonValue element : array) {
                list.add(SubscriptionGroupConfig.fromJson(element, null));
            }
        }
        return new SubscriptionGroupList(list);
    }

    public static SubscriptionGroupList decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "SubscriptionGroupList");
        return Bodies.decode("SubscriptionGroupList", json, SubscriptionGroupList::fromJson);
    }
}
