package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code NOTIFY_CONSUMER_IDS_CHANGED} (40) request, one-way from broker to client: the group's members or subscriptions changed, rebalance now.
 *
 * @param consumerGroup required
 */
public record NotifyConsumerIdsChangedRequestHeader(String consumerGroup) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (consumerGroup != null) {
            extFields.put("consumerGroup", consumerGroup);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static NotifyConsumerIdsChangedRequestHeader decode(HeaderFields f) {
        return new NotifyConsumerIdsChangedRequestHeader(f.requiredString("consumerGroup"));
    }
}
