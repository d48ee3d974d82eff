package dev.skiff.broker.metrics;

import dev.skiff.broker.topic.SystemTopics;
import java.util.Set;

/** How the official metrics tell system and retry topics and groups from user ones (label values). */
final class Names {
    private static final Set<String> SYSTEM_TOPICS = Set.of(
            SystemTopics.DEFAULT_TOPIC,
            SystemTopics.SCHEDULE_TOPIC,
            SystemTopics.TRANS_HALF_TOPIC,
            SystemTopics.TRANS_OP_HALF_TOPIC,
            SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC,
            SystemTopics.SELF_TEST_TOPIC,
            SystemTopics.OFFSET_MOVED_EVENT,
            SystemTopics.BENCHMARK_TOPIC);
    private static final Set<String> SYSTEM_GROUPS =
            Set.of("TOOLS_CONSUMER", "FILTERSRV_CONSUMER", "__MONITOR_CONSUMER", "CID_ONSAPI_OWNER", "CID_ONSAPI_PULL");

    private Names() {}

    static boolean isRetryTopic(String topic) {
        return SystemTopics.isRetryTopic(topic);
    }

    static boolean isSystemTopic(String topic) {
        return topic.startsWith(SystemTopics.SYSTEM_PREFIX) || SYSTEM_TOPICS.contains(topic);
    }

    static boolean isSystemGroup(String group) {
        return group.startsWith("CID_RMQ_SYS_") || SYSTEM_GROUPS.contains(group);
    }
}
