package dev.skiff.auth.rules;

import static dev.skiff.auth.model.Action.CREATE;
import static dev.skiff.auth.model.Action.DELETE;
import static dev.skiff.auth.model.Action.GET;
import static dev.skiff.auth.model.Action.PUB;
import static dev.skiff.auth.model.Action.SUB;
import static dev.skiff.auth.model.Action.UPDATE;
import static dev.skiff.auth.rules.Extractors.group;
import static dev.skiff.auth.rules.Extractors.groupAndOptionalTopic;
import static dev.skiff.auth.rules.Extractors.optionalGroup;
import static dev.skiff.auth.rules.Extractors.topic;
import static dev.skiff.auth.rules.Extractors.topicAndGroup;

import dev.skiff.remoting.protocol.RequestCode;
import java.util.HashMap;
import java.util.Map;

/**
 * The request-code tables: for each code a server serves, what authorization needs (see
 * {@code docs/security.md} for the table in prose). A code missing from a server's table is
 * refused to every normal user once authorization is on (fail closed), and codes not named here
 * default to {@link AccessRule#SUPER_ONLY} when a table is built, so a new admin code is protected
 * before anyone thinks about it.
 *
 * <p>Client traffic follows the official broker's mapping (field names as on the wire: SEND v2
 * carries the topic in {@code b}); requests the official broker leaves unchecked because they
 * have no annotated header (broker config, runtime info, offsets of every group, ...) are super-user
 * only here.
 */
public final class RequestRules {
    private RequestRules() {}

    /** The broker's table. */
    public static Map<Integer, AccessRule> broker() {
        Map<Integer, AccessRule> rules = new HashMap<>();
        // producing
        rules.put(RequestCode.SEND_MESSAGE, topic("topic", PUB));
        rules.put(RequestCode.SEND_REPLY_MESSAGE, topic("topic", PUB));
        rules.put(RequestCode.SEND_MESSAGE_V2, topic("b", PUB));
        rules.put(RequestCode.SEND_BATCH_MESSAGE, topic("b", PUB));
        rules.put(RequestCode.SEND_REPLY_MESSAGE_V2, topic("b", PUB));
        rules.put(RequestCode.END_TRANSACTION, topic("topic", PUB));
        rules.put(RequestCode.RECALL_MESSAGE, topic("topic", PUB));
        // consuming
        rules.put(RequestCode.PULL_MESSAGE, topicAndGroup("topic", "consumerGroup", SUB));
        rules.put(RequestCode.LITE_PULL_MESSAGE, topicAndGroup("topic", "consumerGroup", SUB));
        rules.put(RequestCode.QUERY_CONSUMER_OFFSET, topicAndGroup("topic", "consumerGroup", SUB, GET));
        rules.put(RequestCode.UPDATE_CONSUMER_OFFSET, topicAndGroup("topic", "consumerGroup", SUB, UPDATE));
        rules.put(RequestCode.HEART_BEAT, Extractors.heartbeat());
        rules.put(RequestCode.UNREGISTER_CLIENT, optionalGroup("consumerGroup", SUB));
        rules.put(RequestCode.CONSUMER_SEND_MSG_BACK, group("group", SUB));
        rules.put(RequestCode.GET_CONSUMER_LIST_BY_GROUP, group("consumerGroup", SUB, GET));
        rules.put(RequestCode.LOCK_BATCH_MQ, Extractors.queueLocks());
        rules.put(RequestCode.UNLOCK_BATCH_MQ, Extractors.queueLocks());
        rules.put(RequestCode.CHECK_CLIENT_CONFIG, AccessRule.AUTHENTICATED);
        rules.put(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, topic("topic", SUB, GET));
        rules.put(RequestCode.GET_MAX_OFFSET, topic("topic", SUB, GET));
        rules.put(RequestCode.GET_MIN_OFFSET, topic("topic", SUB, GET));
        rules.put(RequestCode.GET_EARLIEST_MSG_STORETIME, topic("topic", SUB, GET));
        rules.put(RequestCode.QUERY_MESSAGE, topic("topic", SUB, GET));
        // admin requests about one topic or group: an explicit grant is enough
        rules.put(RequestCode.UPDATE_AND_CREATE_TOPIC, topic("topic", CREATE));
        rules.put(RequestCode.DELETE_TOPIC_IN_BROKER, topic("topic", DELETE));
        rules.put(RequestCode.GET_TOPIC_CONFIG, topic("topic", GET));
        rules.put(RequestCode.GET_TOPIC_STATS_INFO, topic("topic", GET));
        rules.put(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, topic("topic", GET));
        rules.put(RequestCode.DELETE_SUBSCRIPTIONGROUP, group("groupName", DELETE));
        rules.put(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, group("group", GET));
        rules.put(RequestCode.GET_CONSUMER_CONNECTION_LIST, group("consumerGroup", GET));
        rules.put(RequestCode.GET_CONSUME_STATS, groupAndOptionalTopic("consumerGroup", "topic", GET));
        return withSuperOnlyDefaults(rules);
    }

    /**
     * The name server's table. Route and topic-list reads are open: a name server keeps no
     * normal users (users live on brokers), and clients of every user need routes. Everything
     * that changes the registry or reads its KV config needs a super user (a broker's inner
     * credentials, or the configured initial user).
     */
    public static Map<Integer, AccessRule> namesrv() {
        Map<Integer, AccessRule> rules = new HashMap<>();
        for (int code : new int[] {
            RequestCode.GET_ROUTEINFO_BY_TOPIC,
            RequestCode.GET_BROKER_CLUSTER_INFO,
            RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
            RequestCode.GET_TOPICS_BY_CLUSTER,
            RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
            RequestCode.GET_UNIT_TOPIC_LIST,
            RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
            RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
            RequestCode.GET_BROKER_MEMBER_GROUP
        }) {
            rules.put(code, AccessRule.OPEN);
        }
        return withSuperOnlyDefaults(rules);
    }

    /** Every code of {@link RequestCode} not in {@code rules} becomes super-user only. */
    private static Map<Integer, AccessRule> withSuperOnlyDefaults(Map<Integer, AccessRule> rules) {
        for (int code : RequestCodes.all()) {
            rules.putIfAbsent(code, AccessRule.SUPER_ONLY);
        }
        return Map.copyOf(rules);
    }
}
