package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;

/**
 * {@code VIEW_BROKER_STATS_DATA} (315) body: one statistic over the last minute, hour and day.
 *
 * <pre>{@code
 * {"statsDay":{"avgpt":0.0,"sum":11,"tps":0.01},"statsHour":{...},"statsMinute":{...}}
 * }</pre>
 */
public record BrokerStatsData(Item statsMinute, Item statsHour, Item statsDay) {

    /**
     * One window.
     *
     * @param sum how many in the window
     * @param tps {@code sum} per second over the window
     * @param avgpt the average amount per recorded call (0 where calls are not counted)
     */
    public record Item(long sum, double tps, double avgpt) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("avgpt", JsonNumber.of(avgpt))
                    .put("sum", sum)
                    .put("tps", JsonNumber.of(tps));
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("statsDay", statsDay.toJson())
                .put("statsHour", statsHour.toJson())
                .put("statsMinute", statsMinute.toJson());
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
