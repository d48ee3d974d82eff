package dev.skiff.broker.admin;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.Connection;
import dev.skiff.remoting.protocol.body.ConsumeStats;
import dev.skiff.remoting.protocol.body.ConsumeStatsList;
import dev.skiff.remoting.protocol.body.ConsumerConnection;
import dev.skiff.remoting.protocol.body.MessageQueueRef;
import dev.skiff.remoting.protocol.body.ProducerConnection;
import dev.skiff.remoting.protocol.body.ResetOffsetBody;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.header.GetConsumeStatsInBrokerRequestHeader;
import dev.skiff.remoting.protocol.header.GetConsumeStatsRequestHeader;
import dev.skiff.remoting.protocol.header.GetConsumerConnectionListRequestHeader;
import dev.skiff.remoting.protocol.header.GetProducerConnectionListRequestHeader;
import dev.skiff.remoting.protocol.header.ResetOffsetRequestHeader;
import dev.skiff.store.BoundaryType;
import dev.skiff.store.MessageStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group progress and membership: consume statistics of one group (208) or of every group
 * on the broker (317), offset reset (222), the consumer (203) and producer (204) connection lists,
 * every connected producer by group (328), and the requests passed on to one consumer client (307 running info, 309 consume a message
 * directly; see {@link ConsumerCalls}), which are answered when the client answers.
 *
 * <p>Consume statistics cover the topics named in the request ({@code topicList}, else {@code
 * topic}), else every topic the group has committed offsets on; without an explicit list, topics
 * the online group does not subscribe to are left out. Per read queue: the queue's end
 * (brokerOffset), the committed offset (0 when none), the pull position (at least the committed
 * offset) and the store time of the last consumed message. The body's {@code consumeTps} is the
 * group's rate of messages pulled over the last minute, summed over the topics reported (see
 * {@link BrokerStats#consumeTps}), as official brokers fill it.
 *
 * <p>The broker-wide statistics ({@code mqadmin brokerConsumeStats}) list every configured group,
 * each with one entry per topic it has committed offsets on, with the same per-queue figures;
 * topics no longer configured are skipped, so are topics an online group does not subscribe to,
 * and with {@code isOrder} topics not configured as ordered.
 *
 * <p>An offset reset is done on the server side, as official brokers do by default: the target
 * offsets (found by store time, or the queue end for a negative timestamp, or given explicitly for
 * one queue) are committed and also left as pending resets, so the consumer's next pull of each
 * queue is answered 21 PULL_OFFSET_MOVED with the new offset. Codes: slave → 1; unknown topic →
 * 17; a group with neither a config nor offsets on the topic → 26; an explicit offset outside the
 * queue → 29 with the range.
 */
public final class ConsumerAdminProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(ConsumerAdminProcessor.class);
    static final int TOPICS_PER_REQUEST_MAX = 1_000;

    private final String brokerName;
    private final BooleanSupplier master;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final ClientDirectory clients;
    private final BrokerStats stats;
    private final ConsumerCalls consumerCalls;

    public ConsumerAdminProcessor(
            String brokerName,
            BooleanSupplier master,
            TopicConfigTable topics,
            SubscriptionGroupTable groups,
            ConsumerOffsetTable offsets,
            MessageStore store,
            ClientDirectory clients,
            BrokerStats stats) {
        this.brokerName = brokerName;
        this.master = master;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.store = store;
        this.clients = clients;
        this.stats = stats;
        this.consumerCalls = new ConsumerCalls(brokerName, topics, groups, store, clients);
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.GET_CONSUME_STATS,
                RequestCode.GET_BROKER_CONSUME_STATS,
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                RequestCode.GET_CONSUMER_CONNECTION_LIST,
                RequestCode.GET_PRODUCER_CONNECTION_LIST,
                RequestCode.GET_ALL_PRODUCER_INFO,
                RequestCode.GET_CONSUMER_RUNNING_INFO,
                RequestCode.CONSUME_MESSAGE_DIRECTLY);
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) throws Exception {
        if (request.code() == RequestCode.GET_CONSUMER_RUNNING_INFO
                || request.code() == RequestCode.CONSUME_MESSAGE_DIRECTLY) {
            consumerCalls.relay(ctx, request);
            return;
        }
        SyncRequestProcessor.super.process(ctx, request);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUME_STATS -> consumeStats(request);
            case RequestCode.GET_BROKER_CONSUME_STATS -> brokerConsumeStats(channel, request);
            case RequestCode.INVOKE_BROKER_TO_RESET_OFFSET -> resetOffset(request);
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> consumerConnections(request);
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> producerConnections(request);
            case RequestCode.GET_ALL_PRODUCER_INFO ->
                RemotingCommand.success().body(clients.producerTable().encode());
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand consumeStats(RemotingCommand request) {
        GetConsumeStatsRequestHeader h = GetConsumeStatsRequestHeader.decode(request.fields());
        String group = h.consumerGroup();
        List<String> listed = h.topics();
        if (listed.size() > TOPICS_PER_REQUEST_MAX) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "at most " + TOPICS_PER_REQUEST_MAX + " topics per request");
        }
        Map<MessageQueueRef, ConsumeStats.OffsetWrapper> table = new TreeMap<>();
        double tps = 0;
        for (String topic : statsTopics(group, h.topic(), listed)) {
            TopicConfig config = topics.get(topic);
            if (config == null) {
                continue;
            }
            putQueueStats(table, group, topic, config);
            tps += stats.consumeTps(group, topic);
        }
        return RemotingCommand.success().body(new ConsumeStats(table, tps).encode());
    }

    private RemotingCommand brokerConsumeStats(RemotingChannel channel, RemotingCommand request) {
        boolean orderedOnly =
                GetConsumeStatsInBrokerRequestHeader.decode(request.fields()).isOrder();
        Map<String, List<ConsumeStats>> byGroup = new TreeMap<>();
        for (SubscriptionGroupConfig group : groups.all()) {
            String name = group.groupName();
            ClientDirectory.ConsumerGroupView online = clients.consumerGroup(name);
            List<ConsumeStats> perTopic = new ArrayList<>();
            for (String topic : offsets.topicsOf(name)) {
                TopicConfig config = topics.get(topic);
                if (config == null || (orderedOnly && !config.order()) || !subscribes(online, topic)) {
                    continue;
                }
                Map<MessageQueueRef, ConsumeStats.OffsetWrapper> table = new TreeMap<>();
                putQueueStats(table, name, topic, config);
                perTopic.add(new ConsumeStats(table, stats.consumeTps(name, topic)));
            }
            byGroup.put(name, perTopic);
        }
        return RemotingCommand.success()
                .body(ConsumeStatsList.of(channel.localAddress(), byGroup).encode());
    }

    /** True unless the group is online with subscriptions that leave the topic out. */
    private static boolean subscribes(ClientDirectory.ConsumerGroupView online, String topic) {
        return online == null
                || online.subscriptions().isEmpty()
                || online.subscriptions().containsKey(topic);
    }

    private void putQueueStats(
            Map<MessageQueueRef, ConsumeStats.OffsetWrapper> table, String group, String topic, TopicConfig config) {
        for (int q = 0; q < config.readQueueNums(); q++) {
            table.put(new MessageQueueRef(topic, brokerName, q), queueStats(group, topic, q));
        }
    }

    private Set<String> statsTopics(String group, String topic, List<String> listed) {
        if (!listed.isEmpty()) {
            return new LinkedHashSet<>(listed);
        }
        Set<String> chosen = new LinkedHashSet<>();
        if (topic == null || topic.isBlank()) {
            chosen.addAll(offsets.topicsOf(group));
        } else {
            chosen.add(topic);
        }
        ClientDirectory.ConsumerGroupView online = clients.consumerGroup(group);
        if (online != null && !online.subscriptions().isEmpty()) {
            chosen.retainAll(online.subscriptions().keySet());
        }
        return chosen;
    }

    private ConsumeStats.OffsetWrapper queueStats(String group, String topic, int queueId) {
        long brokerOffset = Math.max(0, store.maxOffsetInQueue(topic, queueId));
        long consumerOffset = Math.max(0, offsets.query(group, topic, queueId));
        long pullOffset = Math.max(consumerOffset, clients.pullOffset(group, topic, queueId));
        long lastTimestamp =
                consumerOffset > 0 ? StoredTimes.atQueueOffset(store, topic, queueId, consumerOffset - 1) : 0;
        return new ConsumeStats.OffsetWrapper(brokerOffset, consumerOffset, lastTimestamp, pullOffset);
    }

    private RemotingCommand resetOffset(RemotingCommand request) {
        ResetOffsetRequestHeader h = ResetOffsetRequestHeader.decode(request.fields());
        if (!master.getAsBoolean()) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "offsets can only be reset on the master of " + brokerName);
        }
        TopicConfig config = topics.get(h.topic());
        if (config == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic() + " does not exist on broker " + brokerName);
        }
        if (groups.get(h.group()) == null
                && offsets.offsets(h.group(), h.topic()).isEmpty()) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "consumer group " + h.group() + " does not exist on broker " + brokerName);
        }
        Map<Integer, Long> targets = new TreeMap<>();
        if (h.queueId() >= 0) {
            if (h.queueId() >= Math.max(config.readQueueNums(), config.writeQueueNums())) {
                return RemotingCommand.response(
                        ResponseCode.INVALID_PARAMETER,
                        "queue " + h.queueId() + " does not exist; topic " + h.topic() + " has "
                                + config.readQueueNums() + " read queues");
            }
            if (h.offset() != null && h.offset() != -1) {
                String problem = checkExplicit(h.topic(), h.queueId(), h.offset());
                if (problem != null) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, problem);
                }
                targets.put(h.queueId(), h.offset());
            } else {
                targets.put(h.queueId(), offsetAt(h.topic(), h.queueId(), h.timestamp()));
            }
        } else {
            for (int q = 0; q < config.readQueueNums(); q++) {
                targets.put(q, offsetAt(h.topic(), q, h.timestamp()));
            }
        }
        Map<MessageQueueRef, Long> moved = new TreeMap<>();
        targets.forEach((q, offset) -> {
            offsets.reset(h.group(), h.topic(), q, offset);
            moved.put(new MessageQueueRef(h.topic(), brokerName, q), offset);
        });
        log.info("offsets of group {} on topic {} reset by admin: {}", h.group(), h.topic(), targets);
        return RemotingCommand.success().body(new ResetOffsetBody(moved).encode());
    }

    private String checkExplicit(String topic, int queueId, long offset) {
        long min = store.minOffsetInQueue(topic, queueId);
        long max = store.maxOffsetInQueue(topic, queueId);
        if (offset < min || offset > max) {
            return "offset " + offset + " is outside queue " + queueId + " of topic " + topic + ": [" + min + ", " + max
                    + "]";
        }
        return null;
    }

    private long offsetAt(String topic, int queueId, long timestampMs) {
        if (timestampMs < 0) {
            return store.maxOffsetInQueue(topic, queueId);
        }
        return store.offsetInQueueByTime(topic, queueId, timestampMs, BoundaryType.LOWER);
    }

    private RemotingCommand consumerConnections(RemotingCommand request) {
        String group =
                GetConsumerConnectionListRequestHeader.decode(request.fields()).consumerGroup();
        ClientDirectory.ConsumerGroupView view = clients.consumerGroup(group);
        if (view == null) {
            return RemotingCommand.response(
                    ResponseCode.CONSUMER_NOT_ONLINE,
                    "consumer group " + group + " has no consumer connected to broker " + brokerName);
        }
        ConsumerConnection body = new ConsumerConnection(
                view.connections(),
                view.subscriptions(),
                view.consumeType(),
                view.messageModel(),
                view.consumeFromWhere());
        return RemotingCommand.success().body(body.encode());
    }

    private RemotingCommand producerConnections(RemotingCommand request) {
        String group =
                GetProducerConnectionListRequestHeader.decode(request.fields()).producerGroup();
        List<Connection> connections = clients.producers(group);
        if (connections.isEmpty()) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "producer group " + group + " has no producer connected to broker " + brokerName);
        }
        return RemotingCommand.success().body(new ProducerConnection(connections).encode());
    }
}
