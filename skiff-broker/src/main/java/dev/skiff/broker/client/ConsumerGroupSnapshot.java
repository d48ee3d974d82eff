package dev.skiff.broker.client;

import dev.skiff.remoting.protocol.body.SubscriptionData;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of one consumer group as the registry holds it: connected members sorted by
 * client id, subscriptions by topic, and the consume type, message model and start position the
 * latest heartbeat announced (official enum names, e.g. {@code CONSUME_PASSIVELY},
 * {@code CLUSTERING}, {@code CONSUME_FROM_LAST_OFFSET}).
 */
public record ConsumerGroupSnapshot(
        String group,
        List<ClientConnection> connections,
        Map<String, SubscriptionData> subscriptions,
        String consumeType,
        String messageModel,
        String consumeFromWhere,
        long lastUpdateMs) {

    public ConsumerGroupSnapshot {
        connections = List.copyOf(connections);
        subscriptions = Map.copyOf(subscriptions);
    }

    public boolean isBroadcasting() {
        return "BROADCASTING".equals(messageModel);
    }
}
