package dev.skiff.broker.controller;

import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A broker's epoch list with its commit-log end, as {@code GET_BROKER_EPOCH_CACHE} (1007) carries
 * it in the official body layout:
 *
 * <pre>{@code
 * {"clusterName":"c","brokerName":"b","brokerId":1,"maxOffset":9000,
 *  "epochList":[{"epoch":1,"startOffset":0,"endOffset":700},{"epoch":2,"startOffset":700,"endOffset":9000}]}
 * }</pre>
 *
 * ({@code endOffset} of the last entry is the log's end). Skiff adds the ext field {@code
 * haServerAddr} to the response: the HA address a slave of this broker connects to. At most
 * {@link EpochFile#ENTRIES_MAX} entries are read.
 */
public record EpochCache(
        String clusterName, String brokerName, long brokerId, List<EpochEntry> epochs, long maxOffset) {
    public EpochCache {
        epochs = List.copyOf(epochs);
    }

    /** The newest epoch in the list, 0 when it is empty. */
    public int lastEpoch() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
    }

    public byte[] encode() {
        JsonArray list = new JsonArray();
        for (int i = 0; i < epochs.size(); i++) {
            EpochEntry e = epochs.get(i);
            long end = i + 1 < epochs.size() ? epochs.get(i + 1).startOffset() : maxOffset;
            list.add(new JsonObject()
                    .put("epoch", e.epoch())
                    .put("startOffset", e.startOffset())
                    .put("endOffset", end));
        }
        JsonObject o = new JsonObject()
                .put("clusterName", clusterName)
                .put("brokerName", brokerName)
                .put("brokerId", brokerId)
                .put("epochList", list)
                .put("maxOffset", maxOffset);
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a 1007 body; a malformed one is an {@link IllegalArgumentException}. */
    public static EpochCache decode(byte[] body) {
        try {
            JsonObject o = Json.parseObject(body);
            List<EpochEntry> entries = new ArrayList<>();
            JsonArray list = o.getArray("epochList");
            if (list != null) {
                if (list.size() > EpochFile.ENTRIES_MAX) {
                    throw new IllegalArgumentException("more than " + EpochFile.ENTRIES_MAX + " epochs");
                }
                for (JsonValue v : list) {
                    JsonObject e = v.asObject();
                    entries.add(new EpochEntry(e.getInt("epoch", -1), e.getLong("startOffset", -1)));
                }
            }
            return new EpochCache(
                    o.getString("clusterName"),
                    o.getString("brokerName"),
                    o.getLong("brokerId", -1),
                    entries,
                    o.getLong("maxOffset", -1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad epoch cache body: " + e.getMessage(), e);
        }
    }
}
