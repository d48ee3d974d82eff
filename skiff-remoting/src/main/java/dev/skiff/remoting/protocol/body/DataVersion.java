package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;

/**
 * Version of a broker's topic configuration: {@code {"counter":N,"stateVersion":N,"timestamp":ms}}.
 * The name server compares it to decide whether a registration changed anything.
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {

    public static final DataVersion ZERO = new DataVersion(0, 0, 0);

    /** The next version: counter + 1, stamped {@code nowMs}. */
    public DataVersion next(long nowMs) {
        return new DataVersion(stateVersion, nowMs, counter + 1);
    }

    /**
     * The next version with the state version set to {@code state} (in controller mode, the master
     * epoch): a name server refuses a registration for a broker id held by a broker whose state
     * version is higher.
     */
    public DataVersion nextState(long state, long nowMs) {
        return new DataVersion(state, nowMs, counter + 1);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("counter", counter)
                .put("stateVersion", stateVersion)
                .put("timestamp", timestamp);
    }

    public static DataVersion fromJson(JsonValue json) {
        if (json == null || json.isNull()) {
            return ZERO;
        }
        JsonObject o = json.asObject();
        return new DataVersion(o.getLong("stateVersion", 0), o.getLong("timestamp", 0), o.getLong("counter", 0));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static DataVersion decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "DataVersion");
        return Bodies.decode("DataVersion", json, DataVersion::fromJson);
    }
}
