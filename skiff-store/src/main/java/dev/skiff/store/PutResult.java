package dev.skiff.store;

import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.OffsetMessageId;

/**
 * Result of an append. For a batch, {@code physicalOffset} and {@code queueOffset} are those of
 * the first record; {@code recordPhysicalOffsets} holds every record's offset (null for a single
 * message).
 */
public record PutResult(
        PutStatus status,
        long physicalOffset,
        int wroteBytes,
        long queueOffset,
        int messageCount,
        long storeTimestampMs,
        long[] recordPhysicalOffsets) {

    public static PutResult refused(PutStatus status) {
        return new PutResult(status, -1, 0, -1, 0, 0, null);
    }

    public boolean isOk() {
        return status == PutStatus.PUT_OK;
    }

    /** Whether the records are in the log (PUT_OK, FLUSH_DISK_TIMEOUT, or a replication shortfall). */
    public boolean isStored() {
        return status == PutStatus.PUT_OK
                || status == PutStatus.FLUSH_DISK_TIMEOUT
                || status == PutStatus.FLUSH_SLAVE_TIMEOUT
                || status == PutStatus.SLAVE_NOT_AVAILABLE;
    }

    public PutResult withStatus(PutStatus s) {
        return new PutResult(
                s, physicalOffset, wroteBytes, queueOffset, messageCount, storeTimestampMs, recordPhysicalOffsets);
    }

    /** Offset message ids of the stored records, joined by ',' for a batch (what SEND returns). */
    public String offsetMsgIds(HostAddress storeHost) {
        if (recordPhysicalOffsets == null) {
            return OffsetMessageId.encode(storeHost, physicalOffset);
        }
        StringBuilder sb = new StringBuilder(recordPhysicalOffsets.length * 33);
        for (int i = 0; i < recordPhysicalOffsets.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(OffsetMessageId.encode(storeHost, recordPhysicalOffsets[i]));
        }
        return sb.toString();
    }
}
