package dev.skiff.broker.transaction;

import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The copies made of a half message: the body of a check-back request, the committed message, and
 * the copy given up to {@code TRANS_CHECK_MAX_TIME_TOPIC}.
 *
 * <p>The check-back body is one record in the stored layout ({@link StoredRecordLayout}) as the
 * producer's client decodes it: the half record's fields with its real topic and queue restored and
 * {@code TRANSACTION_CHECK_TIMES} set to the number of this check; queue and commit-log offsets
 * stay the half message's, which the producer echoes in its {@code END_TRANSACTION}.
 */
final class CheckMessage {
    private CheckMessage() {}

    /** The real topic, or null when the half record does not name one. */
    static String realTopic(StoredMessage half) {
        return half.property(TransactionNames.REAL_TOPIC);
    }

    /** The real queue, or -1 when the half record does not name a valid one. */
    static int realQueueId(StoredMessage half) {
        return PropertyEdits.intValue(half.properties(), TransactionNames.REAL_QID, -1);
    }

    /** The properties the committed copy carries: the half's without the transaction markers. */
    static String committedProperties(String halfProperties) {
        String props = PropertyEdits.without(halfProperties, TransactionNames.REAL_TOPIC);
        props = PropertyEdits.without(props, TransactionNames.REAL_QID);
        props = PropertyEdits.without(props, TransactionNames.TRAN_MSG);
        return PropertyEdits.without(props, TransactionNames.CHECK_TIMES);
    }

    /** The check-back body for check number {@code checkNumber} (1 = first). */
    static byte[] checkBody(StoredMessage half, int checkNumber) {
        String props =
                PropertyEdits.with(half.properties(), TransactionNames.CHECK_TIMES, Integer.toString(checkNumber));
        return encode(half, realTopic(half), Math.max(0, realQueueId(half)), props);
    }

    /** {@code m} in the stored layout with another topic, queue and properties. */
    static byte[] encode(StoredMessage m, String topic, int queueId, String properties) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] propBytes = properties.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > StoredRecordLayout.TOPIC_MAX_BYTES
                || propBytes.length > MessageProperties.ENCODED_MAX_BYTES) {
            throw new IllegalArgumentException("topic or properties too long for a record");
        }
        int sysFlag = m.sysFlag();
        long size = StoredRecordLayout.recordSize(sysFlag, m.body().length, topicBytes.length, propBytes.length);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size));
        out.putInt((int) size)
                .putInt(StoredRecordLayout.magicFor(topicBytes.length))
                .putInt(StoredRecordLayout.bodyCrc(m.body(), 0, m.body().length))
                .putInt(queueId)
                .putInt(m.flag())
                .putLong(m.queueOffset())
                .putLong(m.physicalOffset())
                .putInt(sysFlag)
                .putLong(m.bornTimestampMs());
        putHost(out, m.bornHost(), StoredRecordLayout.bornHostLength(sysFlag));
        out.putLong(m.storeTimestampMs());
        putHost(out, m.storeHost(), StoredRecordLayout.storeHostLength(sysFlag));
        out.putInt(m.reconsumeTimes()).putLong(m.preparedTransactionOffset());
        out.putInt(m.body().length).put(m.body());
        if (StoredRecordLayout.topicLengthBytes(topicBytes.length) == 1) {
            out.put((byte) topicBytes.length);
        } else {
            out.putShort((short) topicBytes.length);
        }
        out.put(topicBytes).putShort((short) propBytes.length).put(propBytes);
        if (out.hasRemaining()) {
            throw new IllegalStateException("record size mismatch: " + out.remaining() + " bytes left");
        }
        return out.array();
    }

    private static void putHost(ByteBuffer out, HostAddress host, int storedLength) {
        if (host.storedLength() != storedLength) {
            throw new IllegalArgumentException("host " + host + " does not match the record's sysFlag");
        }
        out.put(host.ip()).putInt(host.port());
    }
}
