package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One topic subscription of a consumer group (official {@code SubscriptionData}), as carried in
 * heartbeats (§6.5) and admin bodies:
 * {@code {"classFilterMode":false,"codeSet":[..],"expressionType":"TAG","subString":"TagA || TagB",
 * "subVersion":1700000000000,"tagsSet":["TagA","TagB"],"topic":"T"}}.
 *
 * @param topic the subscribed topic
 * @param subString {@code *} for everything, tags joined by {@code ||}, or a SQL92 expression
 * @param tagsSet the tags of a TAG expression (empty for {@code *})
 * @param codeSet {@code String.hashCode} of each tag; what the broker matches consume-queue entries on
 * @param subVersion when the client built the subscription (ms); newer wins
 * @param expressionType {@code TAG} or {@code SQL92}
 * @param classFilterMode legacy filter-class mode
 */
public record SubscriptionData(
        String topic,
        String subString,
        Set<String> tagsSet,
        Set<Integer> codeSet,
        long subVersion,
        String expressionType,
        boolean classFilterMode) {

    /** The expression that matches every message. */
    public static final String SUB_ALL = "*";

    public static final String TYPE_TAG = "TAG";

    /** The expression type of SQL92 property filters. */
    public static final String TYPE_SQL92 = "SQL92";

    public SubscriptionData {
        Objects.requireNonNull(topic, "topic");
        subString = subString == null ? SUB_ALL : subString;
        tagsSet = Collections.unmodifiableSet(new LinkedHashSet<>(tagsSet));
        codeSet = Collections.unmodifiableSet(new LinkedHashSet<>(codeSet));
        expressionType = expressionType == null ? TYPE_TAG : expressionType;
    }

    /** Whether this subscription is a tag expression (the default type). */
    public boolean isTagType() {
        return TYPE_TAG.equalsIgnoreCase(expressionType);
    }

    /** Whether this is a tag subscription to everything. */
    public boolean matchesAll() {
        return isTagType() && (SUB_ALL.equals(subString.trim()) || subString.isBlank());
    }

    public JsonObject toJson() {
        JsonArray codes = new JsonArray();
        codeSet.forEach(code -> codes.add(code.longValue()));
        return new JsonObject()
                .put("classFilterMode", classFilterMode)
                .put("codeSet", codes)
                .put("expressionType", expressionType)
                .put("subString", subString)
                .put("subVersion", subVersion)
                .put("tagsSet", Bodies.strings(tagsSet))
                .put("topic", topic);
    }

    public static SubscriptionData fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        String topic = o.getString("topic");
        if (topic == null) {
            throw new dev.skiff.common.json.JsonException("subscription without 'topic'");
        }
        Set<Integer> codes = new LinkedHashSet<>();
        JsonArray codeArray = o.getArray("codeSet");
        if (codeArray != null) {
            for (JsonValue code : codeArray) {
                codes.add(code.asInt());
            }
        }
        return new SubscriptionData(
                topic,
                o.getString("subString"),
                Bodies.readStringSet(o.getArray("tagsSet")),
                codes,
                o.getLong("subVersion", 0),
                o.getString("expressionType"),
                o.getBoolean("classFilterMode", false));
    }
}
