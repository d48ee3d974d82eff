package dev.skiff.console;

/**
 * Which topics and groups are the brokers' own (retry and dead-letter topics, the schedule,
 * timer and transaction topics, the default template topic, the tools' groups), hidden from the
 * lists unless asked for.
 */
final class SystemNames {
    private SystemNames() {}

    static boolean isSystemTopic(String topic) {
        return topic.startsWith("%RETRY%")
                || topic.startsWith("%DLQ%")
                || topic.startsWith("rmq_sys_")
                || topic.startsWith("RMQ_SYS_")
                || topic.equals("SCHEDULE_TOPIC_XXXX")
                || topic.equals("TBW102")
                || topic.equals("BenchmarkTest")
                || topic.equals("OFFSET_MOVED_EVENT")
                || topic.equals("SELF_TEST_TOPIC")
                || topic.equals("TRANS_CHECK_MAX_TIME_TOPIC");
    }

    static boolean isSystemGroup(String group) {
        return group.startsWith("CID_RMQ_SYS_")
                || group.startsWith("CID_SYS_RMQ_")
                || group.equals("TOOLS_CONSUMER")
                || group.equals("FILTERSRV_CONSUMER")
                || group.equals("__MONITOR_CONSUMER")
                || group.equals("CID_ONSAPI_OWNER")
                || group.equals("CID_ONSAPI_PERMISSION")
                || group.equals("CID_ONSAPI_PULL")
                || group.equals("CID_ONS-HTTP-PROXY")
                || group.equals("SELF_TEST_C_GROUP");
    }
}
