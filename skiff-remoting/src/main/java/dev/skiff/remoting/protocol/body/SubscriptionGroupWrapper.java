package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET_ALL_SUBSCRIPTIONGROUP_CONFIG} (201) body: {@code
 * {"dataVersion":{..},"forbiddenTable":{},"subscriptionGroupTable":{"g":{..}}}}. Skiff has no
 * per-group read bans, so {@code forbiddenTable} is always empty (the official client merges it
 * and must find an object there).
 */
public record SubscriptionGroupWrapper(
        Map<String, SubscriptionGroupConfig> subscriptionGroupTable, DataVersion dataVersion) {

    public SubscriptionGroupWrapper {
        subscriptionGroupTable = Collections.unmodifiableMap(new LinkedHashMap<>(subscriptionGroupTable));
    }

    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        subscriptionGroupTable.forEach((name, config) -> table.put(name, config.toJson()));
        return new JsonObject()
                .put("dataVersion", dataVersion.toJson())
                .put("forbiddenTable", new JsonObject())
                .put("subscriptionGroupTable", table);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
