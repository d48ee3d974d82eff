package dev.skiff.store.engine;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordCheck;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.index.IndexService;
import dev.skiff.store.index.OffsetList;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.queue.ConsumeQueueStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads records by physical offset and answers key / unique-id queries through the index. A query
 * leaves out the records of a deleted topic's old generation: the index still maps their keys (its
 * files are not rewritten) and the commit log still holds them until retention, but their queue
 * offsets lie below their queues' floors ({@link ConsumeQueueStore#isBelowFloor}).
 */
final class RecordReader {
    private final CommitLog log;
    private final ConsumeQueueStore queues;
    private final IndexService index;
    private final int recordMaxBytes;

    RecordReader(CommitLog log, ConsumeQueueStore queues, IndexService index, int recordMaxBytes) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.recordMaxBytes = recordMaxBytes;
    }

    /**
     * Adds a view of the record at {@code phy} to {@code lease}. {@code size} is the consume-queue
     * entry's size, whose record the dispatcher already checked whole, so only its first line is
     * checked again ({@link RecordCheck#checkIndexed}); -1 when unknown, which checks the whole
     * record. Returns the view, or null when no valid record is there.
     */
    ByteBuffer select(SegmentLease lease, long phy, int size, long queueOffset, long tagsCode) {
        if (phy < log.minOffset() || phy >= log.writtenOffset()) {
            return null;
        }
        MappedSegment seg = lease.heldFor(phy);
        if (seg == null) {
            seg = log.retainSegmentFor(phy);
            if (seg == null) {
                return null;
            }
            lease.hold(seg);
        }
        int at = (int) (phy - seg.startOffset());
        int limit = (int) (Math.min(log.writtenOffset(), seg.endOffset()) - seg.startOffset());
        int checked = size >= 0
                ? RecordCheck.checkIndexed(seg.buffer(), at, limit, size, phy, recordMaxBytes)
                : RecordCheck.check(seg.buffer(), at, limit, null, phy, recordMaxBytes);
        if (checked <= 0) {
            return null;
        }
        ByteBuffer view = seg.readView(at, checked);
        lease.add(new SelectedRecord(view, phy, queueOffset, tagsCode));
        return view;
    }

    /** The store timestamp of the record at {@code phy}, or -1. */
    long storeTimestamp(long phy) {
        MappedSegment seg = log.retainSegmentFor(phy);
        if (seg == null) {
            return -1;
        }
        try {
            int at = (int) (phy - seg.startOffset());
            if (at + StoredRecordLayout.BORN_HOST + 40 > seg.sizeBytes()) {
                return -1;
            }
            int sysFlag = seg.buffer().getInt(at + StoredRecordLayout.SYS_FLAG);
            return seg.buffer().getLong(at + StoredRecordLayout.storeTimestampOffset(sysFlag));
        } finally {
            seg.release();
        }
    }

    RecordLease lookByOffset(long phy) {
        SegmentLease lease = new SegmentLease();
        select(lease, phy, -1, -1, 0);
        return lease;
    }

    /**
     * Records of {@code topic} whose KEYS contain {@code key} or whose UNIQ_KEY equals it, stored
     * within [beginMs, endMs], newest first, at most {@code max}.
     */
    RecordLease query(String topic, String key, int max, long beginMs, long endMs) {
        SegmentLease lease = new SegmentLease();
        if (index == null || max <= 0) {
            return lease;
        }
        OffsetList candidates = index.query(topic, key, Math.min(max * 4, 64 * 1024), beginMs, endMs);
        OffsetList seen = new OffsetList();
        for (int i = 0; i < candidates.size() && lease.count() < max; i++) {
            long phy = candidates.get(i);
            if (seen.contains(phy)) {
                continue;
            }
            seen.add(phy);
            SegmentLease probe = new SegmentLease();
            try {
                ByteBuffer view = select(probe, phy, -1, -1, 0);
                if (view != null && matches(view, topic, key, beginMs, endMs) && !deletedBefore(view, topic, phy)) {
                    select(lease, phy, -1, -1, 0);
                }
            } finally {
                probe.close();
            }
        }
        return lease;
    }

    /**
     * Whether the record (of {@code topic}) was written before its topic was deleted. The floor is
     * read before the log's minimum: the store removes a floor only after retention moved the
     * minimum past every record below it, so a record read under a floor already gone is below the
     * minimum now (its segment is deleted; this read still held it).
     */
    private boolean deletedBefore(ByteBuffer r, String topic, long phy) {
        int queueId = r.getInt(StoredRecordLayout.QUEUE_ID);
        long queueOffset = r.getLong(StoredRecordLayout.QUEUE_OFFSET);
        return queues.isBelowFloor(topic, queueId, queueOffset) || phy < log.minOffset();
    }

    private static boolean matches(ByteBuffer r, String topic, String key, long beginMs, long endMs) {
        int sysFlag = r.getInt(StoredRecordLayout.SYS_FLAG);
        long ts = r.getLong(StoredRecordLayout.storeTimestampOffset(sysFlag));
        if (ts < beginMs || ts > endMs) {
            return false;
        }
        int bodyLenAt = StoredRecordLayout.bodyLengthOffset(sysFlag);
        int topicLenAt = bodyLenAt + 4 + r.getInt(bodyLenAt);
        boolean v2 = r.getInt(StoredRecordLayout.MAGIC) == StoredRecordLayout.MAGIC_V2;
        int topicLen = v2 ? r.getShort(topicLenAt) & 0xFFFF : r.get(topicLenAt) & 0xFF;
        int topicAt = topicLenAt + (v2 ? 2 : 1);
        if (!topic.equals(string(r, topicAt, topicLen))) {
            return false;
        }
        String props = string(r, topicAt + topicLen + 2, r.getShort(topicAt + topicLen));
        if (key.equals(MessageProperties.get(props, MessageProperties.UNIQ_KEY))) {
            return true;
        }
        String keys = MessageProperties.get(props, MessageProperties.KEYS);
        if (keys == null) {
            return false;
        }
        for (String k : keys.split(" ")) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String string(ByteBuffer r, int at, int len) {
        byte[] b = new byte[len];
        r.get(at, b, 0, len);
        return new String(b, StandardCharsets.UTF_8);
    }
}
