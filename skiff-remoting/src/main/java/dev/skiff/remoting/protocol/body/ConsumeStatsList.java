package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET_BROKER_CONSUME_STATS} (317) body: the consume statistics of every group on one broker,
 * one {@link ConsumeStats} per topic the group consumes. Each group is a one-entry object of its
 * own in the list, as the official class writes it:
 *
 * <pre>{@code
 * {"brokerAddr":"10.0.0.1:10911",
 *  "consumeStatsList":[{"group-a":[{"consumeTps":0.0,"offsetTable":{...}}]},{"group-b":[]}],
 *  "totalDiff":3,"totalInflightDiff":0}
 * }</pre>
 *
 * @param brokerAddr the broker's address
 * @param byGroup group name → its per-topic statistics, in the order they are written
 * @param totalDiff messages not yet consumed, over every group and queue
 * @param totalInflightDiff messages pulled but not yet committed, over every group and queue
 */
public record ConsumeStatsList(
        String brokerAddr, Map<String, List<ConsumeStats>> byGroup, long totalDiff, long totalInflightDiff) {

    public ConsumeStatsList {
        Map<String, List<ConsumeStats>> copy = new LinkedHashMap<>();
        byGroup.forEach((group, stats) -> copy.put(group, List.copyOf(stats)));
        byGroup = Collections.unmodifiableMap(copy);
    }

    /** Sums the differences of {@code byGroup}. */
    public static ConsumeStatsList of(String brokerAddr, Map<String, List<ConsumeStats>> byGroup) {
        long diff = 0;
        long inflight = 0;
        for (List<ConsumeStats> stats : byGroup.values()) {
            for (ConsumeStats s : stats) {
                diff += s.totalDiff();
                inflight += s.inflightDiff();
            }
        }
        return new ConsumeStatsList(brokerAddr, byGroup, diff, inflight);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        byGroup.forEach((group, stats) -> {
            JsonArray perTopic = new JsonArray();
            stats.forEach(s -> perTopic.add(s.toJson()));
            list.add(new JsonObject().put(group, perTopic));
        });
        JsonObject json = new JsonObject();
        if (brokerAddr != null) {
            json.put("brokerAddr", brokerAddr);
        }
        return json.put("consumeStatsList", list)
                .put("totalDiff", totalDiff)
                .put("totalInflightDiff", totalInflightDiff);
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
