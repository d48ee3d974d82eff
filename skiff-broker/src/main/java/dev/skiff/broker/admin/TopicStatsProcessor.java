package dev.skiff.broker.admin;

import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.GroupList;
import dev.skiff.remoting.protocol.body.MessageQueueRef;
import dev.skiff.remoting.protocol.body.QueryConsumeQueueResponseBody;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicList;
import dev.skiff.remoting.protocol.body.TopicStatsTable;
import dev.skiff.remoting.protocol.header.AdminGroupRequestHeader;
import dev.skiff.remoting.protocol.header.AdminTopicRequestHeader;
import dev.skiff.remoting.protocol.header.QueryConsumeQueueRequestHeader;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who uses a topic and how full it is: topic statistics (202: per queue the min and max offset and
 * the store time of the newest message), the groups consuming a topic (300: online subscribers
 * plus groups with committed offsets), the topics a group consumes (343: topics it has offsets
 * on) and the entries of one consume queue (321). {@code topicPutTps} is the topic's put rate over
 * the last minute ({@link BrokerStats#topicPutTps}).
 *
 * <p>Consume-queue entries ({@code mqadmin queryCq}): up to {@link #QUEUE_ENTRIES_MAX} entries from
 * the requested index, each with the record's commit-log offset, size and tags code; an index
 * outside the queue lists none. With a consumer group, the answer adds the group's subscription
 * to the topic, or notes that the group is not online. An unknown topic or queue → 1 SYSTEM_ERROR,
 * as official brokers answer for a queue they do not have.
 */
public final class TopicStatsProcessor implements SyncRequestProcessor {
    static final int QUEUE_ENTRIES_MAX = 1_000;
    private static final int READ_BYTES_MAX = 16 << 20;

    private final String brokerName;
    private final String brokerAddr;
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final ClientDirectory clients;
    private final BrokerStats stats;

    public TopicStatsProcessor(
            String brokerName,
            String brokerAddr,
            TopicConfigTable topics,
            ConsumerOffsetTable offsets,
            MessageStore store,
            ClientDirectory clients,
            BrokerStats stats) {
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
        this.topics = topics;
        this.offsets = offsets;
        this.store = store;
        this.clients = clients;
        this.stats = stats;
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.GET_TOPIC_STATS_INFO,
                RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
                RequestCode.QUERY_TOPICS_BY_CONSUMER,
                RequestCode.QUERY_CONSUME_QUEUE);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_TOPIC_STATS_INFO -> topicStats(request);
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> consumedBy(request);
            case RequestCode.QUERY_TOPICS_BY_CONSUMER -> topicsOfGroup(request);
            case RequestCode.QUERY_CONSUME_QUEUE -> consumeQueue(request);
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand topicStats(RemotingCommand request) {
        String topic = AdminTopicRequestHeader.decode(request.fields()).topic();
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on broker " + brokerName);
        }
        Map<MessageQueueRef, TopicStatsTable.TopicOffset> table = new TreeMap<>();
        int queues = Math.max(config.readQueueNums(), config.writeQueueNums());
        for (int q = 0; q < queues; q++) {
            long min = Math.max(0, store.minOffsetInQueue(topic, q));
            long max = Math.max(0, store.maxOffsetInQueue(topic, q));
            long last = max > 0 ? StoredTimes.atQueueOffset(store, topic, q, max - 1) : 0;
            table.put(new MessageQueueRef(topic, brokerName, q), new TopicStatsTable.TopicOffset(min, max, last));
        }
        return RemotingCommand.success().body(new TopicStatsTable(table, stats.topicPutTps(topic)).encode());
    }

    private RemotingCommand consumeQueue(RemotingCommand request) {
        QueryConsumeQueueRequestHeader h = QueryConsumeQueueRequestHeader.decode(request.fields());
        TopicConfig config = topics.get(h.topic());
        if (config == null
                || h.queueId() < 0
                || h.queueId() >= Math.max(config.readQueueNums(), config.writeQueueNums())) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "queue " + h.queueId() + " of topic " + h.topic() + " does not exist on broker " + brokerName);
        }
        JsonValue subscription = null;
        String filterNote = null;
        if (h.consumerGroup() != null) {
            ClientDirectory.ConsumerGroupView online = clients.consumerGroup(h.consumerGroup());
            subscription = online == null ? null : online.subscriptions().get(h.topic());
            if (subscription == null) {
                filterNote = h.consumerGroup() + "@" + h.topic() + " is not online!";
            }
        }
        long min = Math.max(0, store.minOffsetInQueue(h.topic(), h.queueId()));
        long max = Math.max(0, store.maxOffsetInQueue(h.topic(), h.queueId()));
        List<QueryConsumeQueueResponseBody.Entry> entries =
                entries(h.topic(), h.queueId(), h.index(), Math.min(h.count(), QUEUE_ENTRIES_MAX));
        return RemotingCommand.success()
                .body(new QueryConsumeQueueResponseBody(subscription, filterNote, entries, max, min).encode());
    }

    private List<QueryConsumeQueueResponseBody.Entry> entries(String topic, int queueId, long from, int count) {
        List<QueryConsumeQueueResponseBody.Entry> entries = new ArrayList<>();
        long offset = from;
        while (entries.size() < count) {
            try (GetResult r = store.getMessages(
                    topic, queueId, offset, count - entries.size(), READ_BYTES_MAX, MessageFilter.ALL)) {
                if (r.records().isEmpty() || r.nextBeginOffset() <= offset) {
                    break;
                }
                for (SelectedRecord record : r.records()) {
                    entries.add(new QueryConsumeQueueResponseBody.Entry(
                            record.physicalOffset(), record.size(), record.tagsCode()));
                }
                offset = r.nextBeginOffset();
            }
        }
        return entries;
    }

    private RemotingCommand consumedBy(RemotingCommand request) {
        String topic = AdminTopicRequestHeader.decode(request.fields()).topic();
        Set<String> groups = new TreeSet<>(clients.groupsSubscribedTo(topic));
        groups.addAll(offsets.groupsOf(topic));
        return RemotingCommand.success().body(new GroupList(groups).encode());
    }

    private RemotingCommand topicsOfGroup(RemotingCommand request) {
        String group = AdminGroupRequestHeader.decode(request.fields()).group();
        return RemotingCommand.success().body(new TopicList(offsets.topicsOf(group), brokerAddr).encode());
    }
}
