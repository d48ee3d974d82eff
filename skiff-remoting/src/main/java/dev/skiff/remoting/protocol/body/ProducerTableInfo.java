package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET_ALL_PRODUCER_INFO} (328) body: every connected producer of a broker by group, as
 * {@code mqadmin producer} prints it:
 *
 * <pre>{@code
 * {"data":{"pg":[{"clientId":"10.0.0.2@1","language":"JAVA","lastUpdateTimestamp":1700000000000,
 *                 "remoteIP":"10.0.0.2:50000","version":479}]}}
 * }</pre>
 */
public record ProducerTableInfo(Map<String, List<ProducerInfo>> data) {

    /**
     * One connected producer.
     *
     * @param clientId the client's id ({@code ip@instance})
     * @param remoteIP the connection's remote address, {@code ip:port}
     * @param language the client's language code name
     * @param version the client's remoting version ordinal
     * @param lastUpdateTimestamp when its latest heartbeat arrived (ms)
     */
    public record ProducerInfo(
            String clientId, String remoteIP, String language, int version, long lastUpdateTimestamp) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("clientId", clientId)
                    .put("language", language)
                    .put("lastUpdateTimestamp", lastUpdateTimestamp)
                    .put("remoteIP", remoteIP)
                    .put("version", version);
        }
    }

    public ProducerTableInfo {
        Map<String, List<ProducerInfo>> copy = new TreeMap<>();
        data.forEach((group, producers) -> copy.put(group, List.copyOf(producers)));
        data = Collections.unmodifiableMap(copy);
    }

    public JsonObject toJson() {
        JsonObject groups = new JsonObject();
        data.forEach((group, producers) -> {
            JsonArray list = new JsonArray();
            producers.forEach(p -> list.add(p.toJson()));
            groups.put(group, list);
        });
        return new JsonObject().put("data", groups);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
