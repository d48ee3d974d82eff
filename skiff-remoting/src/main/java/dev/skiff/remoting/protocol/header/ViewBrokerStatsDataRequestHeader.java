package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code VIEW_BROKER_STATS_DATA} (315) request: one statistic of the broker, as {@code mqadmin
 * statsAll} and {@code exportMetrics} ask for it.
 *
 * @param statsName required; which statistic, e.g. {@code TOPIC_PUT_NUMS} or {@code GROUP_GET_NUMS}
 * @param statsKey required; what it is kept for: a topic, or {@code topic@group}
 */
public record ViewBrokerStatsDataRequestHeader(String statsName, String statsKey) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (statsName != null) {
            extFields.put("statsName", statsName);
        }
        if (statsKey != null) {
            extFields.put("statsKey", statsKey);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static ViewBrokerStatsDataRequestHeader decode(HeaderFields f) {
        return new ViewBrokerStatsDataRequestHeader(f.requiredString("statsName"), f.requiredString("statsKey"));
    }
}
