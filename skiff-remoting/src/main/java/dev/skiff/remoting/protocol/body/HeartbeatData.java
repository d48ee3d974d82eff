package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Body of {@code HEART_BEAT} (34), protocol sheet §6.5: the producer and consumer groups one client
 * instance runs, with each consumer group's subscriptions.
 *
 * <pre>{@code
 * {"clientID":"10.0.0.2@1234#5678","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",
 *  "consumeType":"CONSUME_PASSIVELY","groupName":"cg","messageModel":"CLUSTERING",
 *  "subscriptionDataSet":[..SubscriptionData..],"unitMode":false}],"heartbeatFingerprint":0,
 *  "producerDataSet":[{"groupName":"pg"}],"withoutSub":false}
 * }</pre>
 *
 * Decoding refuses more than {@link #GROUPS_MAX} groups of either kind or more than {@link
 * #SUBSCRIPTIONS_MAX} subscriptions in one group.
 */
public record HeartbeatData(
        String clientID,
        List<ProducerData> producerDataSet,
        List<ConsumerData> consumerDataSet,
        long heartbeatFingerprint,
        boolean withoutSub) {

    public static final int GROUPS_MAX = 1_000;
    public static final int SUBSCRIPTIONS_MAX = 10_000;

    public HeartbeatData {
        Objects.requireNonNull(clientID, "clientID");
        producerDataSet = List.copyOf(producerDataSet);
        consumerDataSet = List.copyOf(consumerDataSet);
    }

    /** A producer group of the client. */
    public record ProducerData(String groupName) {
        public ProducerData {
            Objects.requireNonNull(groupName, "groupName");
        }
    }

    /**
     * A consumer group of the client.
     *
     * @param consumeType {@code CONSUME_PASSIVELY} (push), {@code CONSUME_ACTIVELY} (pull), {@code CONSUME_POP}
     * @param messageModel {@code CLUSTERING} or {@code BROADCASTING}
     * @param consumeFromWhere where a group without offsets starts
     */
    public record ConsumerData(
            String groupName,
            String consumeType,
            String messageModel,
            String consumeFromWhere,
            List<SubscriptionData> subscriptionDataSet,
            boolean unitMode) {
        public ConsumerData {
            Objects.requireNonNull(groupName, "groupName");
            subscriptionDataSet = List.copyOf(subscriptionDataSet);
        }

        public boolean isBroadcasting() {
            return "BROADCASTING".equals(messageModel);
        }

        JsonObject toJson() {
            JsonArray subs = new JsonArray();
            subscriptionDataSet.forEach(s -> subs.add(s.toJson()));
            return new JsonObject()
                    .put("consumeFromWhere", consumeFromWhere)
                    .put("consumeType", consumeType)
                    .put("groupName", groupName)
                    .put("messageModel", messageModel)
                    .put("subscriptionDataSet", subs)
                    .put("unitMode", unitMode);
        }

        static ConsumerData fromJson(JsonValue json) {
            JsonObject o = json.asObject();
            String group = o.getString("groupName");
            if (group == null) {
                throw new JsonException("consumer data without 'groupName'");
            }
            List<SubscriptionData> subs = new ArrayList<>();
            JsonArray array = o.getArray("subscriptionDataSet");
            if (array != null) {
                if (array.size() > SUBSCRIPTIONS_MAX) {
                    throw new JsonException("group " + group + " has " + array.size() + " subscriptions, more than "
                            + SUBSCRIPTIONS_MAX);
                }
                for (JsonValue s : array) {
                    subs.add(SubscriptionData.fromJson(s));
                }
            }
            return new ConsumerData(
                    group,
                    o.getString("consumeType"),
                    o.getString("messageModel"),
                    o.getString("consumeFromWhere"),
                    subs,
                    o.getBoolean("unitMode", false));
        }
    }

    public JsonObject toJson() {
        JsonArray consumers = new JsonArray();
        consumerDataSet.forEach(c -> consumers.add(c.toJson()));
        JsonArray producers = new JsonArray();
        producerDataSet.forEach(p -> producers.add(new JsonObject().put("groupName", p.groupName())));
        return new JsonObject()
                .put("clientID", clientID)
                .put("consumerDataSet", consumers)
                .put("heartbeatFingerprint", heartbeatFingerprint)
                .put("producerDataSet", producers)
                .put("withoutSub", withoutSub);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static HeartbeatData fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        String clientId = o.getString("clientID");
        if (clientId == null || clientId.isEmpty()) {
            throw new JsonException("heartbeat without 'clientID'");
        }
        List<ProducerData> producers = new ArrayList<>();
        for (JsonValue p : bounded(o.getArray("producerDataSet"), "producerDataSet")) {
            String group = p.asObject().getString("groupName");
            if (group == null) {
                throw new JsonException("producer data without 'groupName'");
            }
            producers.add(new ProducerData(group));
        }
        List<ConsumerData> consumers = new ArrayList<>();
        for (JsonValue c : bounded(o.getArray("consumerDataSet"), "consumerDataSet")) {
            consumers.add(ConsumerData.fromJson(c));
        }
        return new HeartbeatData(
                clientId,
                producers,
                consumers,
                o.getLong("heartbeatFingerprint", 0),
                o.getBoolean("withoutSub", false));
    }

    private static List<JsonValue> bounded(JsonArray array, String member) {
        if (array == null) {
            return List.of();
        }
        if (array.size() > GROUPS_MAX) {
            throw new JsonException("member '" + member + "' has " + array.size() + " groups, more than " + GROUPS_MAX);
        }
        return array.elements();
    }

    public static HeartbeatData decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "HeartbeatData");
        return Bodies.decode("HeartbeatData", json, HeartbeatData::fromJson);
    }
}
