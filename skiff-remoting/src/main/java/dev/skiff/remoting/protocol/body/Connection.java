package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;

/**
 * One client connection as admin bodies list it: {@code
 * {"clientAddr":"10.0.0.2:50000","clientId":"cid","language":"JAVA","version":479}}.
 *
 * @param clientId the client's id ({@code ip@instance})
 * @param clientAddr remote address of the connection, {@code ip:port}
 * @param language the client's language code name
 * @param version the client's remoting version ordinal
 */
public record Connection(String clientId, String clientAddr, String language, int version) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("clientAddr", clientAddr)
                .put("clientId", clientId)
                .put("language", language)
                .put("version", version);
    }
}
