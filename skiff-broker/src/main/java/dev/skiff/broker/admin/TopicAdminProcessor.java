package dev.skiff.broker.admin;

import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import dev.skiff.remoting.protocol.body.CreateTopicListRequestBody;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import dev.skiff.remoting.protocol.body.TopicFilterType;
import dev.skiff.remoting.protocol.body.TopicList;
import dev.skiff.remoting.protocol.header.AdminTopicRequestHeader;
import dev.skiff.remoting.protocol.header.CreateTopicRequestHeader;
import dev.skiff.remoting.protocol.header.GetAllTopicConfigRequestHeader;
import dev.skiff.remoting.protocol.header.GetAllTopicConfigResponseHeader;
import dev.skiff.store.MessageStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic configuration requests: create or update one topic (17) or several (18), delete a topic
 * (215, which also forgets every consumer offset on it, its statistics, and deletes its consume
 * queues), read all
 * topic configs (21, paged for 5.3.2+ clients), read one (351) and list the system topics (305).
 *
 * <p>Validation and codes: a bad name, a queue count outside 1..1024, a perm outside 0..15, a bad
 * filter type or attribute text → 29 INVALID_PARAMETER; a system topic (TBW102, SCHEDULE_TOPIC_XXXX,
 * rmq_sys_*, the cluster- and broker-name topics, ...) → 29 as well, since the broker owns those;
 * an unknown topic on read → 17 TOPIC_NOT_EXIST; the topic limit → 1 SYSTEM_ERROR. An unchanged
 * config is accepted without a write. Changes re-register with the name servers through the
 * topic table's listeners.
 *
 * <p>Deleting a topic deletes its consume queues in the store, so a topic created again under the
 * same name shows none of the old messages; their records stay in the commit log until retention
 * removes them. Queue offsets are not reused: each queue continues at the offset it had reached,
 * which is also its new minimum. A store failure there answers 1 SYSTEM_ERROR after the config and
 * offsets are gone; deleting again finishes the job.
 */
public final class TopicAdminProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(TopicAdminProcessor.class);
    static final int QUEUE_NUMS_MAX = 1024;
    static final int TOPIC_LIST_MAX = 1_000;

    private final String brokerName;
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final BrokerStats stats;
    private final AdminNames names;

    public TopicAdminProcessor(
            String clusterName,
            String brokerName,
            TopicConfigTable topics,
            ConsumerOffsetTable offsets,
            MessageStore store,
            BrokerStats stats) {
        this.brokerName = brokerName;
        this.topics = topics;
        this.offsets = offsets;
        this.store = store;
        this.stats = stats;
        this.names = new AdminNames(clusterName, brokerName);
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.UPDATE_AND_CREATE_TOPIC,
                RequestCode.UPDATE_AND_CREATE_TOPIC_LIST,
                RequestCode.DELETE_TOPIC_IN_BROKER,
                RequestCode.GET_ALL_TOPIC_CONFIG,
                RequestCode.GET_TOPIC_CONFIG,
                RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createTopic(request);
            case RequestCode.UPDATE_AND_CREATE_TOPIC_LIST -> createTopicList(request);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> deleteTopic(request);
            case RequestCode.GET_ALL_TOPIC_CONFIG -> allTopicConfigs(request);
            case RequestCode.GET_TOPIC_CONFIG -> topicConfig(request);
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER -> systemTopics();
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand createTopic(RemotingCommand request) {
        CreateTopicRequestHeader h = CreateTopicRequestHeader.decode(request.fields());
        TopicConfig wanted;
        try {
            TopicFilterType filterType = TopicFilterType.parse(h.topicFilterType());
            TopicConfig existing = topics.get(h.topic());
            Map<String, String> attributes =
                    TopicAttributes.apply(existing == null ? Map.of() : existing.attributes(), h.attributes());
            wanted = new TopicConfig(
                    h.topic(),
                    h.readQueueNums(),
                    h.writeQueueNums(),
                    h.perm(),
                    filterType,
                    h.topicSysFlag() == null ? 0 : h.topicSysFlag(),
                    h.order(),
                    attributes);
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        String problem = check(wanted);
        if (problem != null) {
            return invalid(problem);
        }
        return store(List.of(wanted));
    }

    private RemotingCommand createTopicList(RemotingCommand request) {
        List<TopicConfig> wanted;
        try {
            wanted = CreateTopicListRequestBody.decode(request.body()).topicConfigList();
        } catch (BodyFormatException | IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        if (wanted.isEmpty()) {
            return invalid("the topic config list is empty");
        }
        if (wanted.size() > TOPIC_LIST_MAX) {
            return invalid("at most " + TOPIC_LIST_MAX + " topics per request, got " + wanted.size());
        }
        for (TopicConfig topic : wanted) {
            String problem = check(topic);
            if (problem == null) {
                try {
                    TopicAttributes.check(topic.attributes());
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                return invalid(problem);
            }
        }
        return store(wanted);
    }

    private RemotingCommand store(List<TopicConfig> wanted) {
        try {
            topics.createOrUpdateAll(wanted);
        } catch (IllegalStateException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        log.info("topic(s) created or updated by admin: {}", names(wanted));
        return RemotingCommand.success();
    }

    /** Null when the config may be stored, else what is wrong with it. */
    private String check(TopicConfig topic) {
        String problem = SystemTopics.checkTopicName(topic.topicName());
        if (problem != null) {
            return problem;
        }
        if (names.isSystemTopic(topic.topicName())) {
            return "topic " + topic.topicName() + " is a system topic of the broker and cannot be changed";
        }
        if (topic.readQueueNums() < 1 || topic.readQueueNums() > QUEUE_NUMS_MAX) {
            return "readQueueNums must be 1.." + QUEUE_NUMS_MAX + ": " + topic.readQueueNums();
        }
        if (topic.writeQueueNums() < 1 || topic.writeQueueNums() > QUEUE_NUMS_MAX) {
            return "writeQueueNums must be 1.." + QUEUE_NUMS_MAX + ": " + topic.writeQueueNums();
        }
        if (topic.perm() < 0 || topic.perm() > 15) {
            return "perm must be 0..15 (1 inherit, 2 write, 4 read, 8 priority): " + topic.perm();
        }
        if (topic.topicSysFlag() < 0) {
            return "topicSysFlag must not be negative: " + topic.topicSysFlag();
        }
        return null;
    }

    private RemotingCommand deleteTopic(RemotingCommand request) {
        String topic = AdminTopicRequestHeader.decode(request.fields()).topic();
        if (topic.isBlank()) {
            return invalid("the topic name is empty");
        }
        if (names.isSystemTopic(topic)) {
            return invalid("topic " + topic + " is a system topic of the broker and cannot be deleted");
        }
        boolean existed = topics.delete(topic);
        offsets.removeTopic(topic);
        stats.onTopicDeleted(topic);
        try {
            store.deleteTopic(topic);
        } catch (RuntimeException e) {
            log.error("topic {} deleted by admin, but not its consume queues", topic, e);
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "topic " + topic + " was deleted but its consume queues were not: " + e.getMessage());
        }
        log.info("topic {} deleted by admin with its consume queues (config existed: {})", topic, existed);
        return RemotingCommand.success();
    }

    private RemotingCommand allTopicConfigs(RemotingCommand request) {
        GetAllTopicConfigRequestHeader h = GetAllTopicConfigRequestHeader.decode(request.fields());
        TopicConfigSerializeWrapper snapshot = topics.snapshot();
        List<TopicConfig> all = new ArrayList<>(snapshot.topicConfigTable().values());
        List<TopicConfig> page =
                MetadataPage.select(all, snapshot.dataVersion(), h.topicSeq(), h.maxTopicNum(), h.dataVersion());
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        page.forEach(t -> table.put(t.topicName(), t));
        TopicConfigSerializeWrapper body = TopicConfigSerializeWrapper.withMapping(table, snapshot.dataVersion());
        return RemotingCommand.success(new GetAllTopicConfigResponseHeader(all.size()))
                .body(body.encode());
    }

    private RemotingCommand topicConfig(RemotingCommand request) {
        String topic = AdminTopicRequestHeader.decode(request.fields()).topic();
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on broker " + brokerName);
        }
        return RemotingCommand.success().body(JsonWriter.toBytes(config.toJson(), JsonWriteOptions.FASTJSON));
    }

    private RemotingCommand systemTopics() {
        Set<String> system = new LinkedHashSet<>();
        for (String topic : topics.names()) {
            if (names.isSystemTopic(topic)) {
                system.add(topic);
            }
        }
        return RemotingCommand.success().body(new TopicList(system).encode());
    }

    private static RemotingCommand invalid(String remark) {
        return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, remark);
    }

    private static String names(List<TopicConfig> list) {
        return list.size() <= 5
                ? list.stream().map(TopicConfig::topicName).toList().toString()
                : list.size() + " topics";
    }
}
