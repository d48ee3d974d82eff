package dev.skiff.broker;

import dev.skiff.broker.admin.ClientDirectory;
import dev.skiff.broker.client.ClientConnection;
import dev.skiff.broker.client.ConsumerRegistry;
import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.body.Connection;
import dev.skiff.remoting.protocol.body.ProducerTableInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The admin processors' view of connected clients, read from the live producer and consumer registries. */
final class RegistryClientDirectory implements ClientDirectory {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;

    RegistryClientDirectory(ConsumerRegistry consumers, ProducerRegistry producers) {
        this.consumers = consumers;
        this.producers = producers;
    }

    @Override
    public ConsumerGroupView consumerGroup(String group) {
        return consumers
                .group(group)
                .map(snapshot -> {
                    Map<String, JsonValue> subscriptions = new LinkedHashMap<>();
                    snapshot.subscriptions().forEach((topic, sub) -> subscriptions.put(topic, sub.toJson()));
                    return new ConsumerGroupView(
                            connections(snapshot.connections()),
                            subscriptions,
                            snapshot.consumeType(),
                            snapshot.messageModel(),
                            snapshot.consumeFromWhere());
                })
                .orElse(null);
    }

    @Override
    public ConsumerClient consumerClient(String group, String clientId) {
        return consumers
                .group(group)
                .flatMap(snapshot -> snapshot.connections().stream()
                        .filter(c -> c.clientId().equals(clientId))
                        .findFirst())
                .map(c -> new ConsumerClient(c.channel(), c.version()))
                .orElse(null);
    }

    @Override
    public List<Connection> producers(String group) {
        return connections(producers.connections(group));
    }

    @Override
    public ProducerTableInfo producerTable() {
        Map<String, List<ProducerTableInfo.ProducerInfo>> table = new LinkedHashMap<>();
        for (String group : producers.groupNames()) {
            List<ProducerTableInfo.ProducerInfo> members = producers.connections(group).stream()
                    .map(c -> new ProducerTableInfo.ProducerInfo(
                            c.clientId(), c.clientAddr(), c.language().name(), c.version(), c.lastHeartbeatMs()))
                    .toList();
            if (!members.isEmpty()) {
                table.put(group, members);
            }
        }
        return new ProducerTableInfo(table);
    }

    @Override
    public Set<String> groupsSubscribedTo(String topic) {
        return consumers.groupsSubscribing(topic);
    }

    private static List<Connection> connections(List<ClientConnection> list) {
        return list.stream()
                .map(c -> new Connection(
                        c.clientId(), c.clientAddr(), c.language().name(), c.version()))
                .toList();
    }
}
