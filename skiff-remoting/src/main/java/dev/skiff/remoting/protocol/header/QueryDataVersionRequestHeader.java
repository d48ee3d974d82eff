package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code QUERY_DATA_VERSION} (322) request; the body is the broker's {@link dev.skiff.remoting.protocol.body.DataVersion}.
 *
 * @param brokerName required
 * @param brokerAddr required
 * @param clusterName required
 * @param brokerId required
 */
public record QueryDataVersionRequestHeader(String brokerName, String brokerAddr, String clusterName, long brokerId)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (brokerName != null) {
            extFields.put("brokerName", brokerName);
        }
        if (brokerAddr != null) {
            extFields.put("brokerAddr", brokerAddr);
        }
        if (clusterName != null) {
            extFields.put("clusterName", clusterName);
        }
        extFields.put("brokerId", String.valueOf(brokerId));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static QueryDataVersionRequestHeader decode(HeaderFields f) {
        return new QueryDataVersionRequestHeader(
                f.requiredString("brokerName"),
                f.requiredString("brokerAddr"),
                f.requiredString("clusterName"),
                f.requiredLong("brokerId"));
    }
}
