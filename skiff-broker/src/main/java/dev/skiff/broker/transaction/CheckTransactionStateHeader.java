package dev.skiff.broker.transaction;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CHECK_TRANSACTION_STATE} (39) request, one-way from broker to producer: asks for the
 * outcome of the local transaction of a half message left undecided. The producer answers with an
 * {@code END_TRANSACTION} carrying {@code fromTransactionCheck=true} and the two offsets given here.
 *
 * @param topic the half topic
 * @param tranStateTableOffset the half message's offset in the half-topic queue
 * @param commitLogOffset the half message's commit-log offset
 * @param msgId the message's unique id ({@code UNIQ_KEY})
 * @param transactionId the transaction id (the unique id)
 * @param offsetMsgId the offset message id of the half message
 * @param bname this broker's name
 */
public record CheckTransactionStateHeader(
        String topic,
        long tranStateTableOffset,
        long commitLogOffset,
        String msgId,
        String transactionId,
        String offsetMsgId,
        String bname)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        extFields.put("tranStateTableOffset", Long.toString(tranStateTableOffset));
        extFields.put("commitLogOffset", Long.toString(commitLogOffset));
        if (msgId != null) {
            extFields.put("msgId", msgId);
        }
        if (transactionId != null) {
            extFields.put("transactionId", transactionId);
        }
        extFields.put("offsetMsgId", offsetMsgId);
        extFields.put("bname", bname);
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static CheckTransactionStateHeader decode(HeaderFields f) {
        return new CheckTransactionStateHeader(
                f.optionalString("topic"),
                f.requiredLong("tranStateTableOffset"),
                f.requiredLong("commitLogOffset"),
                f.optionalString("msgId"),
                f.optionalString("transactionId"),
                f.optionalString("offsetMsgId"),
                f.optionalString("bname"));
    }
}
