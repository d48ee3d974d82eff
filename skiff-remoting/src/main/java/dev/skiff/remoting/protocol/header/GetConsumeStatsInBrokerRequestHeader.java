package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_BROKER_CONSUME_STATS} (317) request, sent by {@code mqadmin brokerConsumeStats}.
 *
 * @param isOrder only topics configured as ordered; official clients always send it, a missing
 *     field reads as false
 */
public record GetConsumeStatsInBrokerRequestHeader(boolean isOrder) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("isOrder", Boolean.toString(isOrder));
    }

    /** Reads the fields. */
    public static GetConsumeStatsInBrokerRequestHeader decode(HeaderFields f) {
        return new GetConsumeStatsInBrokerRequestHeader(f.optionalBoolean("isOrder", false));
    }
}
