package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_BROKER_MEMBER_GROUP} (901) request.
 *
 * @param clusterName required
 * @param brokerName required
 */
public record GetBrokerMemberGroupRequestHeader(String clusterName, String brokerName) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (clusterName != null) {
            extFields.put("clusterName", clusterName);
        }
        if (brokerName != null) {
            extFields.put("brokerName", brokerName);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetBrokerMemberGroupRequestHeader decode(HeaderFields f) {
        return new GetBrokerMemberGroupRequestHeader(f.requiredString("clusterName"), f.requiredString("brokerName"));
    }
}
