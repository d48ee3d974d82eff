package dev.skiff.store.engine;

import dev.skiff.store.BoundaryType;
import dev.skiff.store.GetResult;
import dev.skiff.store.GetStatus;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.queue.ConsumeQueue;
import dev.skiff.store.queue.ConsumeQueueStore;
import dev.skiff.store.queue.EntryBatch;
import java.nio.ByteBuffer;

/** Reads by topic, queue and queue offset; finds offsets by time. */
final class QueueReader {
    private static final int RUN_ENTRIES = 256;

    private final ConsumeQueueStore queues;
    private final CommitLog log;
    private final RecordReader records;
    private final int scanEntriesMax;

    QueueReader(ConsumeQueueStore queues, CommitLog log, RecordReader records, int scanEntriesMax) {
        this.queues = queues;
        this.log = log;
        this.records = records;
        this.scanEntriesMax = scanEntriesMax;
    }

    GetResult get(String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter) {
        SegmentLease lease = new SegmentLease();
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null || cq.maxOffset() == 0) {
            return new GetResult(GetStatus.NO_MESSAGE_IN_QUEUE, 0, 0, 0, lease);
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (offset < min) {
            return new GetResult(GetStatus.OFFSET_TOO_SMALL, min, min, max, lease);
        }
        if (offset == max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max, lease);
        }
        if (offset > max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max, lease);
        }
        try {
            return scan(cq, offset, maxCount, maxBytes, filter, lease, min, max);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private GetResult scan(
            ConsumeQueue cq,
            long offset,
            int maxCount,
            int maxBytes,
            MessageFilter filter,
            SegmentLease lease,
            long min,
            long max) {
        // The first run reads only as many entries as could be returned; when a filter rejects
        // some, the later runs read RUN_ENTRIES at a time.
        int firstRun = Math.min(RUN_ENTRIES, maxCount);
        EntryBatch run = new EntryBatch(firstRun);
        long next = offset;
        int scanned = 0;
        boolean foundNull = false;
        boolean full = false;
        while (!full && scanned < scanEntriesMax && lease.count() < maxCount) {
            int want = scanned == 0 ? firstRun : RUN_ENTRIES;
            int n = cq.readRun(next, Math.min(want, scanEntriesMax - scanned), run);
            if (n == 0) {
                if (scanned == 0) {
                    return new GetResult(GetStatus.OFFSET_FOUND_NULL, cq.nextFileStart(offset), min, max, lease);
                }
                break;
            }
            for (int i = 0; i < n && lease.count() < maxCount; i++) {
                long tags = run.tagsCode(i);
                int size = run.size(i);
                if (lease.count() > 0 && lease.totalBytes() + size > maxBytes) {
                    full = true;
                    break;
                }
                scanned++;
                if (size > 0 && filter.matchesTagsCode(tags)) {
                    ByteBuffer view = records.select(lease, run.physicalOffset(i), size, next, tags);
                    if (view == null) {
                        foundNull = true;
                    } else if (filter.readsRecords() && !filter.matchesRecord(view.duplicate())) {
                        lease.dropLast();
                    }
                }
                next++;
            }
        }
        GetStatus status = lease.count() > 0
                ? GetStatus.FOUND
                : foundNull ? GetStatus.OFFSET_FOUND_NULL : GetStatus.NO_MATCHED_MESSAGE;
        return new GetResult(status, next, min, max, lease);
    }

    long offsetByTime(String topic, int queueId, long timestampMs, BoundaryType boundary) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long lo = cq.minOffset();
        long hi = cq.maxOffset();
        ConsumeQueue.Entry e = new ConsumeQueue.Entry();
        // first offset whose store time is > t (UPPER) or >= t (LOWER)
        long a = lo;
        long b = hi;
        while (a < b) {
            long mid = (a + b) >>> 1;
            long ts = cq.read(mid, e) ? records.storeTimestamp(e.physicalOffset()) : -1;
            boolean after = boundary == BoundaryType.LOWER ? ts >= timestampMs : ts > timestampMs;
            if (ts >= 0 && after) {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        if (boundary == BoundaryType.LOWER) {
            return a;
        }
        return a > lo ? a - 1 : lo;
    }

    long minOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    long maxOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }
}
