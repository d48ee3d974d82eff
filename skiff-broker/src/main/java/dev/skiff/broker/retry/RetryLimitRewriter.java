package dev.skiff.broker.retry;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.lock.QueueLockTable;
import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.broker.send.MessageRewriter;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.store.MessageToStore;

/**
 * Applies the retry limit to retries a client sends itself as normal messages to {@code
 * %RETRY%<group>} (when its send-back failed, or from an ordered consumer that gave up): the
 * message goes to {@code %DLQ%<group>} instead, without its delay, when its reconsume count (from
 * the send header) is above the limit, or when the group holds any unexpired queue lock (an
 * ordered group: a retry would break the order, so it becomes a dead letter at once).
 *
 * <p>The limit is the {@code MAX_RECONSUME_TIMES} property the client sets with the header's
 * {@code maxReconsumeTimes}, else the group's {@code retryMaxTimes}. A group unknown with
 * auto-creation off leaves the message unchanged. Must run before the {@code DelayRewriter}.
 */
public final class RetryLimitRewriter implements MessageRewriter {
    private final SubscriptionGroupTable groups;
    private final RetryTopics retryTopics;
    private final QueueLockTable locks;

    public RetryLimitRewriter(SubscriptionGroupTable groups, RetryTopics retryTopics, QueueLockTable locks) {
        this.groups = groups;
        this.retryTopics = retryTopics;
        this.locks = locks;
    }

    @Override
    public MessageToStore rewrite(MessageToStore m) {
        if (!SystemTopics.isRetryTopic(m.topic())) {
            return m;
        }
        String groupName = m.topic().substring(SystemTopics.RETRY_PREFIX.length());
        SubscriptionGroupConfig group = groups.findOrCreate(groupName);
        if (group == null) {
            return m;
        }
        int limit = PropertyEdits.intValue(m.properties(), PropertyEdits.MAX_RECONSUME_TIMES, -1);
        if (limit < 0) {
            limit = group.retryMaxTimes();
        }
        if (m.reconsumeTimes() <= limit && !locks.hasUnexpiredLock(groupName)) {
            return m;
        }
        return new MessageToStore(
                retryTopics.dlqTopic(groupName).topicName(),
                0,
                m.flag(),
                m.body(),
                PropertyEdits.without(m.properties(), PropertyEdits.DELAY),
                m.sysFlag(),
                m.bornTimestampMs(),
                m.bornHost(),
                m.reconsumeTimes(),
                m.preparedTransactionOffset());
    }
}
