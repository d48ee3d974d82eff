package dev.skiff.broker.retry;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;

/** Creates a group's retry and dead-letter topics on demand, with the official queue counts. */
public final class RetryTopics {
    /** Queues of every dead-letter topic. */
    static final int DLQ_QUEUES = 1;

    private static final int READ_WRITE = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;

    private final TopicConfigTable topics;

    public RetryTopics(TopicConfigTable topics) {
        this.topics = topics;
    }

    /** {@code %RETRY%<group>} with the group's {@code retryQueueNums} queues. */
    TopicConfig retryTopic(SubscriptionGroupConfig group) {
        return topics.ensure(
                SystemTopics.retryTopic(group.groupName()), Math.max(1, group.retryQueueNums()), READ_WRITE, 0);
    }

    /** {@code %DLQ%<group>}, one queue, read and write. */
    TopicConfig dlqTopic(String group) {
        return topics.ensure(SystemTopics.dlqTopic(group), DLQ_QUEUES, READ_WRITE, 0);
    }
}
