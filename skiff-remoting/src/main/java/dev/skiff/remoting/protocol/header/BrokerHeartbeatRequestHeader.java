package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code BROKER_HEARTBEAT} (904) one-way request; refreshes the broker's liveness.
 *
 * @param clusterName required
 * @param brokerAddr required
 * @param brokerName required
 * @param brokerId optional
 * @param epoch optional
 * @param maxOffset optional
 * @param confirmOffset optional
 * @param heartbeatTimeoutMills optional; spelled as in the official header (no 'i')
 * @param electionPriority optional
 */
public record BrokerHeartbeatRequestHeader(
        String clusterName,
        String brokerAddr,
        String brokerName,
        Long brokerId,
        Integer epoch,
        Long maxOffset,
        Long confirmOffset,
        Long heartbeatTimeoutMills,
        Integer electionPriority)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (clusterName != null) {
            extFields.put("clusterName", clusterName);
        }
        if (brokerAddr != null) {
            extFields.put("brokerAddr", brokerAddr);
        }
        if (brokerName != null) {
            extFields.put("brokerName", brokerName);
        }
        if (brokerId != null) {
            extFields.put("brokerId", brokerId.toString());
        }
        if (epoch != null) {
            extFields.put("epoch", epoch.toString());
        }
        if (maxOffset != null) {
            extFields.put("maxOffset", maxOffset.toString());
        }
        if (confirmOffset != null) {
            extFields.put("confirmOffset", confirmOffset.toString());
        }
        if (heartbeatTimeoutMills != null) {
            extFields.put("heartbeatTimeoutMills", heartbeatTimeoutMills.toString());
        }
        if (electionPriority != null) {
            extFields.put("electionPriority", electionPriority.toString());
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static BrokerHeartbeatRequestHeader decode(HeaderFields f) {
        return new BrokerHeartbeatRequestHeader(
                f.requiredString("clusterName"),
                f.requiredString("brokerAddr"),
                f.requiredString("brokerName"),
                f.optionalLongObject("brokerId"),
                f.optionalInteger("epoch"),
                f.optionalLongObject("maxOffset"),
                f.optionalLongObject("confirmOffset"),
                f.optionalLongObject("heartbeatTimeoutMills"),
                f.optionalInteger("electionPriority"));
    }
}
