package dev.skiff.store;

import dev.skiff.common.message.HostAddress;
import java.util.Objects;

/**
 * One message as the broker hands it to the store. The store adds the store host, store
 * timestamp, queue offset, physical offset and body CRC, and sets the IPv6 host bits of {@code
 * sysFlag} from the host addresses.
 *
 * @param properties the encoded properties string (protocol sheet §5.1), possibly empty
 */
public record MessageToStore(
        String topic,
        int queueId,
        int flag,
        byte[] body,
        String properties,
        int sysFlag,
        long bornTimestampMs,
        HostAddress bornHost,
        int reconsumeTimes,
        long preparedTransactionOffset) {

    public MessageToStore {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(bornHost, "bornHost");
    }
}
