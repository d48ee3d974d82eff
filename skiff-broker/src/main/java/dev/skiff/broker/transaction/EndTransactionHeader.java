package dev.skiff.broker.transaction;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code END_TRANSACTION} (37) request, one-way from producer to broker: the outcome of a local
 * transaction for one half message.
 *
 * @param topic optional; the real topic (the client fills it)
 * @param producerGroup required; must match the half message's {@code PGROUP}
 * @param tranStateTableOffset required; the half message's offset in the half-topic queue
 * @param commitLogOffset required; the half message's commit-log offset
 * @param commitOrRollback required; a sysFlag transaction type: 0 unknown, 8 commit, 12 rollback
 * @param fromTransactionCheck optional, default false; true when answering a check-back
 * @param msgId required; the message's unique id
 * @param transactionId optional; the transaction id (the unique id for the official client)
 * @param bname optional; the broker name the client addressed
 */
public record EndTransactionHeader(
        String topic,
        String producerGroup,
        long tranStateTableOffset,
        long commitLogOffset,
        int commitOrRollback,
        boolean fromTransactionCheck,
        String msgId,
        String transactionId,
        String bname)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("producerGroup", producerGroup);
        extFields.put("tranStateTableOffset", Long.toString(tranStateTableOffset));
        extFields.put("commitLogOffset", Long.toString(commitLogOffset));
        extFields.put("commitOrRollback", Integer.toString(commitOrRollback));
        extFields.put("fromTransactionCheck", Boolean.toString(fromTransactionCheck));
        extFields.put("msgId", msgId);
        if (transactionId != null) {
            extFields.put("transactionId", transactionId);
        }
        if (bname != null) {
            extFields.put("bname", bname);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static EndTransactionHeader decode(HeaderFields f) {
        return new EndTransactionHeader(
                f.optionalString("topic"),
                f.requiredString("producerGroup"),
                f.requiredLong("tranStateTableOffset"),
                f.requiredLong("commitLogOffset"),
                f.requiredInt("commitOrRollback"),
                f.optionalBoolean("fromTransactionCheck", false),
                f.requiredString("msgId"),
                f.optionalString("transactionId"),
                f.optionalString("bname"));
    }
}
