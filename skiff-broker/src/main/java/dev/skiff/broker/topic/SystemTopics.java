package dev.skiff.broker.topic;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Names of the system topics and groups, and the rules for user-chosen names. */
public final class SystemTopics {
    /** Template topic for auto-creation. */
    public static final String DEFAULT_TOPIC = "TBW102";

    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
    public static final String BENCHMARK_TOPIC = "BenchmarkTest";
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    public static final String SYSTEM_PREFIX = "rmq_sys_";

    /** Longest topic a client may name; retry and DLQ topics may be longer. */
    public static final int TOPIC_NAME_MAX = 127;

    public static final int RETRY_DLQ_NAME_MAX = 255;
    public static final int GROUP_NAME_MAX = 120;

    private static final Pattern LEGAL = Pattern.compile("^[%|a-zA-Z0-9_-]+$");

    /** Topics a producer may never send to (answered with NO_PERMISSION). */
    private static final Set<String> NOT_ALLOWED_SEND = Set.of(
            SCHEDULE_TOPIC,
            TIMER_TOPIC,
            TRANS_HALF_TOPIC,
            TRANS_OP_HALF_TOPIC,
            TRANS_CHECK_MAX_TIME_TOPIC,
            SELF_TEST_TOPIC,
            OFFSET_MOVED_EVENT);

    private SystemTopics() {}

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetryTopic(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDlqTopic(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    public static boolean isSendForbidden(String topic) {
        return NOT_ALLOWED_SEND.contains(topic);
    }

    /** Null when the topic name is acceptable, else what is wrong with it. */
    public static String checkTopicName(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "the topic name is empty";
        }
        int max = isRetryTopic(topic) || isDlqTopic(topic) ? RETRY_DLQ_NAME_MAX : TOPIC_NAME_MAX;
        if (topic.length() > max) {
            return "the topic name is longer than " + max + " characters";
        }
        if (!LEGAL.matcher(topic).matches()) {
            return "the topic name '" + topic + "' may contain only letters, digits and %|_-";
        }
        return null;
    }

    /** Null when the group name is acceptable, else what is wrong with it. */
    public static String checkGroupName(String group) {
        if (group == null || group.isEmpty()) {
            return "the group name is empty";
        }
        if (group.length() > GROUP_NAME_MAX) {
            return "the group name is longer than " + GROUP_NAME_MAX + " characters";
        }
        if (!LEGAL.matcher(group).matches()) {
            return "the group name '" + group + "' may contain only letters, digits and %|_-";
        }
        return null;
    }

    /**
     * The auto-creation template {@code TBW102} as it must be when {@code autoCreateTopicEnable}
     * changes at run time: {@code current} (which an admin may have edited) with INHERIT set or
     * cleared, or the default template when the topic is missing.
     */
    public static TopicConfig template(TopicConfig current, BrokerConfig config) {
        if (current == null) {
            return defaultTemplate(config);
        }
        return current.withPerm(templatePerm(current.perm(), config.autoCreateTopicEnable()));
    }

    private static TopicConfig defaultTemplate(BrokerConfig config) {
        int queues = config.defaultTopicQueueNums();
        int rw = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
        return TopicConfig.of(DEFAULT_TOPIC, queues, queues, templatePerm(rw, config.autoCreateTopicEnable()));
    }

    /** {@code perm} with INHERIT, which lets clients and the broker create topics from the template. */
    private static int templatePerm(int perm, boolean autoCreate) {
        return autoCreate ? perm | TopicConfig.PERM_INHERIT : perm & ~TopicConfig.PERM_INHERIT;
    }

    /** The topics every broker has from its first start. */
    public static List<TopicConfig> defaults(BrokerConfig config, int delayLevels) {
        List<TopicConfig> list = new ArrayList<>();
        int rw = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
        list.add(defaultTemplate(config));
        list.add(TopicConfig.of(SELF_TEST_TOPIC, 1, 1, rw));
        list.add(TopicConfig.of(config.brokerClusterName(), 16, 16, TopicConfig.PERM_INHERIT));
        list.add(TopicConfig.of(config.brokerName(), 1, 1, TopicConfig.PERM_INHERIT | rw));
        list.add(TopicConfig.of(SCHEDULE_TOPIC, delayLevels, delayLevels, rw));
        list.add(TopicConfig.of(TIMER_TOPIC, 1, 1, rw));
        list.add(TopicConfig.of(TRANS_HALF_TOPIC, 1, 1, rw));
        list.add(TopicConfig.of(TRANS_OP_HALF_TOPIC, 1, 1, rw));
        list.add(TopicConfig.of(OFFSET_MOVED_EVENT, 1, 1, rw));
        return list;
    }
}
