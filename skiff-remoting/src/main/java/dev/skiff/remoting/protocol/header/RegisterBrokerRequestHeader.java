package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code REGISTER_BROKER} (103) request: who the broker is and how its body is encoded.
 *
 * @param brokerName required
 * @param brokerAddr required
 * @param clusterName required
 * @param haServerAddr required
 * @param brokerId required
 * @param heartbeatTimeoutMillis optional; liveness timeout the broker asks for; null: the name server's default
 * @param enableActingMaster optional; null for brokers older than slave-acting-master support (they are never prime slaves)
 * @param compressed optional, default false; the body is the zlib form of {@link dev.skiff.remoting.protocol.body.RegisterBrokerBody}
 * @param bodyCrc32 optional, default 0; CRC32 of the body masked with 0x7FFFFFFF; 0 disables the check
 */
public record RegisterBrokerRequestHeader(
        String brokerName,
        String brokerAddr,
        String clusterName,
        String haServerAddr,
        long brokerId,
        Long heartbeatTimeoutMillis,
        Boolean enableActingMaster,
        boolean compressed,
        int bodyCrc32)
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
        if (haServerAddr != null) {
            extFields.put("haServerAddr", haServerAddr);
        }
        extFields.put("brokerId", String.valueOf(brokerId));
        if (heartbeatTimeoutMillis != null) {
            extFields.put("heartbeatTimeoutMillis", heartbeatTimeoutMillis.toString());
        }
        if (enableActingMaster != null) {
            extFields.put("enableActingMaster", enableActingMaster.toString());
        }
        extFields.put("compressed", String.valueOf(compressed));
        extFields.put("bodyCrc32", String.valueOf(bodyCrc32));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static RegisterBrokerRequestHeader decode(HeaderFields f) {
        return new RegisterBrokerRequestHeader(
                f.requiredString("brokerName"),
                f.requiredString("brokerAddr"),
                f.requiredString("clusterName"),
                f.requiredString("haServerAddr"),
                f.requiredLong("brokerId"),
                f.optionalLongObject("heartbeatTimeoutMillis"),
                f.optionalBooleanObject("enableActingMaster"),
                f.optionalBoolean("compressed", false),
                f.optionalInt("bodyCrc32", 0));
    }
}
