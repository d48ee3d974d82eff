package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to a send (codes 10, 310, 320, 324, 325) with status 0, 10, 11 or 12.
 *
 * @param msgId required; offset message id(s), comma-joined for a batch
 * @param queueId required
 * @param queueOffset required; queue offset of the (first) stored message
 * @param transactionId optional; the message's UNIQ_KEY
 * @param batchUniqId optional
 */
public record SendMessageResponseHeader(
        String msgId, int queueId, long queueOffset, String transactionId, String batchUniqId)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (msgId != null) {
            extFields.put("msgId", msgId);
        }
        extFields.put("queueId", String.valueOf(queueId));
        extFields.put("queueOffset", String.valueOf(queueOffset));
        if (transactionId != null) {
            extFields.put("transactionId", transactionId);
        }
        if (batchUniqId != null) {
            extFields.put("batchUniqId", batchUniqId);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static SendMessageResponseHeader decode(HeaderFields f) {
        return new SendMessageResponseHeader(
                f.requiredString("msgId"),
                f.requiredInt("queueId"),
                f.requiredLong("queueOffset"),
                f.optionalString("transactionId"),
                f.optionalString("batchUniqId"));
    }
}
