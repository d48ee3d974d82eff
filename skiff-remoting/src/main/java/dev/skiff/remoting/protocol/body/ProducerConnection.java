package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import java.util.List;

/** {@code GET_PRODUCER_CONNECTION_LIST} (204) body: {@code {"connectionSet":[{..}]}}. */
public record ProducerConnection(List<Connection> connectionSet) {

    public ProducerConnection {
        connectionSet = List.copyOf(connectionSet);
    }

    public JsonObject toJson() {
        JsonArray set = new JsonArray();
        connectionSet.forEach(c -> set.add(c.toJson()));
        return new JsonObject().put("connectionSet", set);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
