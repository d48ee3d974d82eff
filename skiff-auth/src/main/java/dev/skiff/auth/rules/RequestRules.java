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
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.util.HashMap;
import java.util.Map;

/**
 * The request-code tables of broker, name server and controller peer: for each code a server serves, what authorization needs (see
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
        return new Table()
                // producing
                .put(topic("topic", PUB), RequestCode.SEND_MESSAGE, RequestCode.SEND_REPLY_MESSAGE)
                .put(
                        topic("b", PUB),
                        RequestCode.SEND_MESSAGE_V2,
                        RequestCode.SEND_BATCH_MESSAGE,
                        RequestCode.SEND_REPLY_MESSAGE_V2)
                .put(topic("topic", PUB), RequestCode.END_TRANSACTION, RequestCode.RECALL_MESSAGE)
                // consuming
                .put(
                        topicAndGroup("topic", "consumerGroup", SUB),
                        RequestCode.PULL_MESSAGE,
                        RequestCode.LITE_PULL_MESSAGE)
                .put(topicAndGroup("topic", "consumerGroup", SUB, GET), RequestCode.QUERY_CONSUMER_OFFSET)
                .put(topicAndGroup("topic", "consumerGroup", SUB, UPDATE), RequestCode.UPDATE_CONSUMER_OFFSET)
                .put(Extractors.heartbeat(), RequestCode.HEART_BEAT)
                .put(optionalGroup("consumerGroup", SUB), RequestCode.UNREGISTER_CLIENT)
                .put(group("group", SUB), RequestCode.CONSUMER_SEND_MSG_BACK)
                .put(group("consumerGroup", SUB, GET), RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .put(Extractors.queueLocks(), RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ)
                .put(AccessRule.AUTHENTICATED, RequestCode.CHECK_CLIENT_CONFIG)
                .put(
                        topic("topic", SUB, GET),
                        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                        RequestCode.GET_MAX_OFFSET,
                        RequestCode.GET_MIN_OFFSET,
                        RequestCode.GET_EARLIEST_MSG_STORETIME,
                        RequestCode.QUERY_MESSAGE)
                // admin requests about one topic or group: an explicit grant is enough
                .put(topic("topic", CREATE), RequestCode.UPDATE_AND_CREATE_TOPIC)
                .put(topic("topic", DELETE), RequestCode.DELETE_TOPIC_IN_BROKER)
                .put(
                        topic("topic", GET),
                        RequestCode.GET_TOPIC_CONFIG,
                        RequestCode.GET_TOPIC_STATS_INFO,
                        RequestCode.QUERY_TOPIC_CONSUME_BY_WHO)
                .put(group("groupName", DELETE), RequestCode.DELETE_SUBSCRIPTIONGROUP)
                .put(group("group", GET), RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)
                .put(group("consumerGroup", GET), RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .put(groupAndOptionalTopic("consumerGroup", "topic", GET), RequestCode.GET_CONSUME_STATS)
                .build();
    }

    /**
     * The name server's table. Route and topic-list reads are open: a name server keeps no
     * normal users (users live on brokers), and clients of every user need routes. Everything
     * that changes the registry or reads its KV config needs a super user (a broker's inner
     * credentials, or the configured initial user).
     */
    public static Map<Integer, AccessRule> namesrv() {
        return new Table()
                .put(
                        AccessRule.OPEN,
                        RequestCode.GET_ROUTEINFO_BY_TOPIC,
                        RequestCode.GET_BROKER_CLUSTER_INFO,
                        RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                        RequestCode.GET_TOPICS_BY_CLUSTER,
                        RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
                        RequestCode.GET_UNIT_TOPIC_LIST,
                        RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
                        RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
                        RequestCode.GET_BROKER_MEMBER_GROUP)
                .build();
    }

    /**
     * A controller peer's table, by the name server's rule: the reads an operator tool makes
     * ({@code mqadmin getControllerMetaData}, {@code getSyncStateSet}) are open; everything else —
     * a broker's heartbeats, registration, id requests, sync-state changes, and an operator's
     * election or clean-up — needs a super user (the brokers' inner credentials, or the configured
     * initial user).
     */
    public static Map<Integer, AccessRule> controller() {
        return new Table()
                .put(
                        AccessRule.OPEN,
                        ControllerCodes.CONTROLLER_GET_METADATA_INFO,
                        ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA)
                .build();
    }

    /**
     * Builds one server's table: the codes it names with their rules; every other code Skiff
     * knows becomes {@link AccessRule#SUPER_ONLY} in {@link #build}. A code named twice is a
     * mistake in the table and fails at once.
     */
    private static final class Table {
        private final Map<Integer, AccessRule> rules = new HashMap<>();

        Table put(AccessRule rule, int... codes) {
            for (int code : codes) {
                if (rules.putIfAbsent(code, rule) != null) {
                    throw new IllegalStateException("request code " + code + " has two rules");
                }
            }
            return this;
        }

        Map<Integer, AccessRule> build() {
            for (int code : RequestCodes.all()) {
                rules.putIfAbsent(code, AccessRule.SUPER_ONLY);
            }
            return Map.copyOf(rules);
        }
    }
}
