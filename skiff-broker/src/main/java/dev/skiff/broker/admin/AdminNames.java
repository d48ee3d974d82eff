package dev.skiff.broker.admin;

import dev.skiff.broker.topic.SystemTopics;
import java.util.Set;

/**
 * Which topics belong to the broker itself and may not be created, changed or deleted through the
 * admin requests: the fixed system topics, every {@code rmq_sys_} topic, and the topics named after
 * the broker's cluster and the broker (used by clients to find brokers).
 */
final class AdminNames {
    private static final Set<String> FIXED = Set.of(
            SystemTopics.DEFAULT_TOPIC,
            SystemTopics.SCHEDULE_TOPIC,
            SystemTopics.TRANS_HALF_TOPIC,
            SystemTopics.TRANS_OP_HALF_TOPIC,
            SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC,
            SystemTopics.SELF_TEST_TOPIC,
            SystemTopics.OFFSET_MOVED_EVENT,
            SystemTopics.BENCHMARK_TOPIC,
            "RMQ_SYS_TRACE_TOPIC");

    private final String clusterName;
    private final String brokerName;

    AdminNames(String clusterName, String brokerName) {
        this.clusterName = clusterName;
        this.brokerName = brokerName;
    }

    boolean isSystemTopic(String topic) {
        return FIXED.contains(topic)
                || topic.startsWith(SystemTopics.SYSTEM_PREFIX)
                || topic.equals(clusterName)
                || topic.equals(brokerName);
    }
}
