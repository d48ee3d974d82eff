package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A consumer group as the broker configures it (official {@code SubscriptionGroupConfig}; the
 * body of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP and an entry of {@code subscriptionGroup.json}).
 * Members missing from the JSON take the official defaults. {@code groupRetryPolicy} and
 * {@code subscriptionDataSet} are kept as raw JSON and written back unchanged.
 */
public record SubscriptionGroupConfig(
        String groupName,
        boolean consumeEnable,
        boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable,
        boolean consumeMessageOrderly,
        int retryQueueNums,
        int retryMaxTimes,
        long brokerId,
        long whichBrokerWhenConsumeSlowly,
        boolean notifyConsumerIdsChangedEnable,
        int groupSysFlag,
        int consumeTimeoutMinute,
        JsonValue groupRetryPolicy,
        JsonValue subscriptionDataSet,
        Map<String, String> attributes) {

    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    public SubscriptionGroupConfig {
        Objects.requireNonNull(groupName, "groupName");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A group with every official default. */
    public static SubscriptionGroupConfig defaults(String groupName) {
        return new SubscriptionGroupConfig(
                groupName,
                true,
                true,
                true,
                false,
                1,
                DEFAULT_RETRY_MAX_TIMES,
                0,
                1,
                true,
                0,
                15,
                null,
                null,
                Map.of());
    }

    public SubscriptionGroupConfig withRetryMaxTimes(int times) {
        return new SubscriptionGroupConfig(
                groupName,
                consumeEnable,
                consumeFromMinEnable,
                consumeBroadcastEnable,
                consumeMessageOrderly,
                retryQueueNums,
                times,
                brokerId,
                whichBrokerWhenConsumeSlowly,
                notifyConsumerIdsChangedEnable,
                groupSysFlag,
                consumeTimeoutMinute,
                groupRetryPolicy,
                subscriptionDataSet,
                attributes);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject()
                .put("attributes", Bodies.stringMap(attributes))
                .put("brokerId", brokerId)
                .put("consumeBroadcastEnable", consumeBroadcastEnable)
                .put("consumeEnable", consumeEnable)
                .put("consumeFromMinEnable", consumeFromMinEnable)
                .put("consumeMessageOrderly", consumeMessageOrderly)
                .put("consumeTimeoutMinute", consumeTimeoutMinute)
                .put("groupName", groupName);
        if (groupRetryPolicy != null) {
            o.put("groupRetryPolicy", groupRetryPolicy);
        }
        o.put("groupSysFlag", groupSysFlag)
                .put("notifyConsumerIdsChangedEnable", notifyConsumerIdsChangedEnable)
                .put("retryMaxTimes", retryMaxTimes)
                .put("retryQueueNums", retryQueueNums);
        if (subscriptionDataSet != null) {
            o.put("subscriptionDataSet", subscriptionDataSet);
        }
        return o.put("whichBrokerWhenConsumeSlowly", whichBrokerWhenConsumeSlowly);
    }

    public static SubscriptionGroupConfig fromJson(JsonValue json, String fallbackName) {
        JsonObject o = json.asObject();
        String name = o.getString("groupName");
        if (name == null) {
            name = fallbackName;
        }
        if (name == null) {
            throw new JsonException("subscription group config without 'groupName'");
        }
        JsonValue policy = o.get("groupRetryPolicy");
        JsonValue subs = o.get("subscriptionDataSet");
        return new SubscriptionGroupConfig(
                name,
                o.getBoolean("consumeEnable", true),
                o.getBoolean("consumeFromMinEnable", true),
                o.getBoolean("consumeBroadcastEnable", true),
                o.getBoolean("consumeMessageOrderly", false),
                o.getInt("retryQueueNums", 1),
                o.getInt("retryMaxTimes", DEFAULT_RETRY_MAX_TIMES),
                o.getLong("brokerId", 0),
                o.getLong("whichBrokerWhenConsumeSlowly", 1),
                o.getBoolean("notifyConsumerIdsChangedEnable", true),
                o.getInt("groupSysFlag", 0),
                o.getInt("consumeTimeoutMinute", 15),
                policy == null || policy.isNull() ? null : policy,
                subs == null || subs.isNull() ? null : subs,
                Bodies.readStringMap(o.getObject("attributes")));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static SubscriptionGroupConfig decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "SubscriptionGroupConfig");
        return Bodies.decode("SubscriptionGroupConfig", json, j -> fromJson(j, null));
    }
}
