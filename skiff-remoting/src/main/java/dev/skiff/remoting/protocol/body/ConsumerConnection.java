package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET_CONSUMER_CONNECTION_LIST} (203) body: the group's connections, its subscriptions
 * (topic → official {@code SubscriptionData} JSON, passed through as given) and how it consumes.
 * Enum members are their official names ({@code CONSUME_PASSIVELY}, {@code CLUSTERING}, {@code
 * CONSUME_FROM_LAST_OFFSET}); a null one is omitted.
 */
public record ConsumerConnection(
        List<Connection> connectionSet,
        Map<String, JsonValue> subscriptionTable,
        String consumeType,
        String messageModel,
        String consumeFromWhere) {

    public ConsumerConnection {
        connectionSet = List.copyOf(connectionSet);
        subscriptionTable = Collections.unmodifiableMap(new TreeMap<>(subscriptionTable));
    }

    public JsonObject toJson() {
        JsonArray set = new JsonArray();
        connectionSet.forEach(c -> set.add(c.toJson()));
        JsonObject subs = new JsonObject();
        subscriptionTable.forEach(subs::put);
        return new JsonObject()
                .put("connectionSet", set)
                .put("consumeFromWhere", consumeFromWhere)
                .put("consumeType", consumeType)
                .put("messageModel", messageModel)
                .put("subscriptionTable", subs);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
