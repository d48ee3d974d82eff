package dev.skiff.broker.transaction;

import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.broker.send.MessageRewriter;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.store.MessageToStore;

/**
 * Parks a half message: a send whose sysFlag says prepared is stored to {@code
 * RMQ_SYS_TRANS_HALF_TOPIC} queue 0, with {@code REAL_TOPIC}/{@code REAL_QID} naming its real
 * destination and {@code __transactionId__} its unique id, and its sysFlag transaction type cleared
 * (the half topic itself says what it is; consumers never read that topic). Everything else (body,
 * keys, tags, {@code PGROUP}, {@code TRAN_MSG}, delay) is kept for the committed copy.
 *
 * <p>Must run after the delay rewrite, which leaves prepared messages alone: a delay asked for by a
 * transactional message applies once it is committed.
 */
public final class HalfMessageRewriter implements MessageRewriter {

    @Override
    public MessageToStore rewrite(MessageToStore m) {
        if (TransactionNames.type(m.sysFlag()) != TransactionNames.PREPARED_TYPE
                || SystemTopics.TRANS_HALF_TOPIC.equals(m.topic())) {
            return m;
        }
        String props = m.properties();
        String uniqKey = MessageProperties.get(props, MessageProperties.UNIQ_KEY);
        if (uniqKey != null && !uniqKey.isEmpty()) {
            props = PropertyEdits.with(props, TransactionNames.TRANSACTION_ID, uniqKey);
        }
        props = PropertyEdits.with(props, TransactionNames.REAL_TOPIC, m.topic());
        props = PropertyEdits.with(props, TransactionNames.REAL_QID, Integer.toString(m.queueId()));
        return new MessageToStore(
                SystemTopics.TRANS_HALF_TOPIC,
                0,
                m.flag(),
                m.body(),
                props,
                TransactionNames.withType(m.sysFlag(), TransactionNames.NOT_TYPE),
                m.bornTimestampMs(),
                m.bornHost(),
                m.reconsumeTimes(),
                m.preparedTransactionOffset());
    }
}
