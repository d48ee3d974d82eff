package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;

/**
 * {@code CHECK_CLIENT_CONFIG} (46) request body: a consumer asks, before it starts, whether the
 * broker accepts one of its subscriptions (the official client sends it for each non-TAG
 * subscription): {@code {"clientId":"10.0.0.2@1234","group":"cg","subscriptionData":{..SubscriptionData..}}}.
 *
 * @param subscriptionData the subscription to check; null when the body carries none
 */
public record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData) {
    public JsonObject toJson() {
        JsonObject o = new JsonObject().put("clientId", clientId).put("group", group);
        if (subscriptionData != null) {
            o.put("subscriptionData", subscriptionData.toJson());
        }
        return o;
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static CheckClientRequestBody fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        JsonObject sub = o.getObject("subscriptionData");
        return new CheckClientRequestBody(
                o.getString("clientId"), o.getString("group"), sub == null ? null : SubscriptionData.fromJson(sub));
    }

    /** Parses the body; a malformed one throws {@link BodyFormatException}. */
    public static CheckClientRequestBody decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "CheckClientRequestBody");
        return Bodies.decode("CheckClientRequestBody", json, CheckClientRequestBody::fromJson);
    }
}
