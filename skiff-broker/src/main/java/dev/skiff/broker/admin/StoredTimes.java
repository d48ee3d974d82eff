package dev.skiff.broker.admin;

import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.RecordLease;
import java.nio.ByteBuffer;

/**
 * Store timestamps of single records, read from the stored layout (sheet §5.4) without decoding
 * the message. Every read closes its lease before returning.
 */
public final class StoredTimes {
    private StoredTimes() {}

    /** Store time of the message at a queue offset; 0 when there is none. */
    public static long atQueueOffset(MessageStore store, String topic, int queueId, long queueOffset) {
        if (queueOffset < 0) {
            return 0;
        }
        try (GetResult result = store.getMessages(topic, queueId, queueOffset, 1, 1, MessageFilter.ALL)) {
            if (result.records().isEmpty()) {
                return 0;
            }
            return storeTimestamp(result.records().get(0).buffer());
        }
    }

    /** Store time of the oldest record of the commit log; -1 when the log is empty. */
    public static long earliest(MessageStore store) {
        if (store.commitLogMaxOffset() <= store.commitLogMinOffset()) {
            return -1;
        }
        try (RecordLease lease = store.lookMessageByOffset(store.commitLogMinOffset())) {
            return lease.count() == 0
                    ? -1
                    : storeTimestamp(lease.records().get(0).buffer());
        }
    }

    /** The store timestamp field of a record view. */
    public static long storeTimestamp(ByteBuffer record) {
        int base = record.position();
        int sysFlag = record.getInt(base + StoredRecordLayout.SYS_FLAG);
        return record.getLong(base + StoredRecordLayout.storeTimestampOffset(sysFlag));
    }
}
