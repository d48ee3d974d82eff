package dev.skiff.broker.schedule;

import dev.skiff.broker.send.MessageRewriter;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.store.MessageToStore;

/**
 * Parks a message that asks for a delay level: with {@code DELAY=n}, n > 0, it is stored to
 * {@code SCHEDULE_TOPIC_XXXX} queue n−1 (n clamped to the highest level) with {@code REAL_TOPIC}
 * and {@code REAL_QID} naming where it goes when due. Half and rolled-back transactional messages
 * and messages already in the schedule topic are left alone.
 */
public final class DelayRewriter implements MessageRewriter {
    private static final int TRANSACTION_TYPE_MASK = 0xC;
    private static final int TRANSACTION_PREPARED = 0x4;
    private static final int TRANSACTION_ROLLBACK = 0xC;

    private final int levels;

    /** @param levels how many delay levels are configured */
    public DelayRewriter(int levels) {
        if (levels <= 0) {
            throw new IllegalArgumentException("at least one delay level is needed");
        }
        this.levels = levels;
    }

    @Override
    public MessageToStore rewrite(MessageToStore m) {
        int transaction = m.sysFlag() & TRANSACTION_TYPE_MASK;
        if (transaction == TRANSACTION_PREPARED
                || transaction == TRANSACTION_ROLLBACK
                || SystemTopics.SCHEDULE_TOPIC.equals(m.topic())
                || MessageProperties.get(m.properties(), PropertyEdits.DELAY) == null) {
            return m;
        }
        int level = PropertyEdits.intValue(m.properties(), PropertyEdits.DELAY, 0);
        if (level <= 0) {
            return m;
        }
        String props = m.properties();
        if (level > levels) {
            level = levels;
            props = PropertyEdits.with(props, PropertyEdits.DELAY, Integer.toString(level));
        }
        props = PropertyEdits.with(props, PropertyEdits.REAL_TOPIC, m.topic());
        props = PropertyEdits.with(props, PropertyEdits.REAL_QID, Integer.toString(m.queueId()));
        return new MessageToStore(
                SystemTopics.SCHEDULE_TOPIC,
                level - 1,
                m.flag(),
                m.body(),
                props,
                m.sysFlag(),
                m.bornTimestampMs(),
                m.bornHost(),
                m.reconsumeTimes(),
                m.preparedTransactionOffset());
    }
}
