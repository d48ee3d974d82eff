package dev.skiff.broker.admin;

import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.Connection;
import dev.skiff.remoting.protocol.body.ProducerTableInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the admin requests need to know about connected clients: the seam between the admin
 * processors and the broker's producer/consumer registry (owned by the client package and adapted
 * to this interface in the broker's assembly). Keeping it this small lets the admin code be tested
 * with a hand-made directory and stay ignorant of channels and heartbeats.
 *
 * <p>Implementations must be safe to call from the admin threads and must not block.
 */
public interface ClientDirectory {

    /** A directory that knows no client; extend it to know only what a caller needs. */
    class Empty implements ClientDirectory {
        @Override
        public ConsumerGroupView consumerGroup(String group) {
            return null;
        }

        @Override
        public List<Connection> producers(String group) {
            return List.of();
        }

        @Override
        public Set<String> groupsSubscribedTo(String topic) {
            return Set.of();
        }
    }

    /**
     * How an online consumer group consumes.
     *
     * @param connections one entry per connected client of the group
     * @param subscriptions topic → the official {@code SubscriptionData} JSON
     * @param consumeType {@code CONSUME_PASSIVELY}, {@code CONSUME_ACTIVELY} or {@code CONSUME_POP}
     * @param messageModel {@code CLUSTERING} or {@code BROADCASTING}
     * @param consumeFromWhere e.g. {@code CONSUME_FROM_LAST_OFFSET}
     */
    record ConsumerGroupView(
            List<Connection> connections,
            Map<String, JsonValue> subscriptions,
            String consumeType,
            String messageModel,
            String consumeFromWhere) {

        public ConsumerGroupView {
            connections = List.copyOf(connections);
            subscriptions = Map.copyOf(subscriptions);
        }
    }

    /**
     * One connected consumer client: its connection, on which the broker can send it requests, and
     * the remoting version it announced.
     */
    record ConsumerClient(RemotingChannel channel, int version) {}

    /** The group as its online consumers describe it, or null when none is connected. */
    ConsumerGroupView consumerGroup(String group);

    /** Connections of the producer group's clients; empty when none is connected. */
    List<Connection> producers(String group);

    /** Every connected producer, by group. */
    default ProducerTableInfo producerTable() {
        return new ProducerTableInfo(Map.of());
    }

    /** Groups with an online consumer subscribed to the topic. */
    Set<String> groupsSubscribedTo(String topic);

    /** The connected consumer {@code clientId} of the group, or null when it is not connected. */
    default ConsumerClient consumerClient(String group, String clientId) {
        return null;
    }

    /** The next offset the group will pull from the queue, or -1 when not known. */
    default long pullOffset(String group, String topic, int queueId) {
        return -1;
    }
}
