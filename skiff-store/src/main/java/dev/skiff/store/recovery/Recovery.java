package dev.skiff.store.recovery;

import dev.skiff.common.message.RecordCheck;
import dev.skiff.store.RecoveryResult;
import dev.skiff.store.dispatch.Dispatcher;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.file.SegmentedFile;
import dev.skiff.store.index.IndexService;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.queue.ConsumeQueue;
import dev.skiff.store.queue.ConsumeQueueStore;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings commit log, consume queues and index back to a consistent state before the store
 * opens.
 *
 * <ol>
 *   <li>Scan the commit log, checking structure, physical-offset field and body CRC of every
 *       record: after a clean shutdown from the start of the second-to-last segment; after a crash
 *       from the segment holding the checkpoint's safe offset. The scan stops at the end of the
 *       data or at the first bad record; everything after is cut (the rest of that segment is
 *       zeroed, later segments deleted).
 *   <li>Drop consume-queue entries and index files that point past the new end.
 *   <li>Re-dispatch from the checkpoint's safe offset to the end (entries already present are
 *       skipped, and so are records of a deleted topic below their queue's floor, which loading
 *       set from the topic's watermark), then set every queue's next offset: its max, at least
 *       its floor.
 * </ol>
 *
 * Nothing read from disk can make it throw: bad bytes only move the end.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final CommitLog log;
    private final ConsumeQueueStore queues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final int recordMaxBytes;
    private final RecoveryProgress progress;

    public Recovery(
            CommitLog log, ConsumeQueueStore queues, IndexService index, Dispatcher dispatcher, int recordMaxBytes) {
        this(log, queues, index, dispatcher, recordMaxBytes, null);
    }

    /** As above, logging the scan's progress through {@code progress} (null: no progress lines). */
    public Recovery(
            CommitLog log,
            ConsumeQueueStore queues,
            IndexService index,
            Dispatcher dispatcher,
            int recordMaxBytes,
            RecoveryProgress progress) {
        this.progress = progress;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.recordMaxBytes = recordMaxBytes;
    }

    /** Runs recovery; {@code checkpoint} may be null. */
    public RecoveryResult run(boolean abnormal, Checkpoint.Data checkpoint) {
        SegmentedFile files = log.files();
        long scanStart = scanStart(files, abnormal, checkpoint);
        Scan scan = scan(files, scanStart);
        log.recoverTo(scan.end);
        long dropped = 0;
        long min = log.minOffset();
        for (ConsumeQueue cq : queues.all()) {
            dropped += cq.truncateToCommitLog(scan.end);
            cq.correctMinOffset(min);
        }
        long indexedUpTo = -1;
        if (index != null) {
            index.truncateTo(scan.end);
            indexedUpTo = Math.min(index.resumeIndexingAt() - 1, scan.end - 1);
        }
        long from = dispatchStart(checkpoint, scan.end, min);
        dispatcher.resumeFrom(from, indexedUpTo);
        dispatcher.catchUp();
        for (ConsumeQueue cq : queues.all()) {
            log.queueOffsets().set(cq.topic(), cq.queueId(), Math.max(cq.maxOffset(), cq.floorOffset()));
        }
        RecoveryResult r = new RecoveryResult(
                abnormal, scanStart, scan.end, scan.reason, scan.records, dropped, from, dispatcher.dispatchedOffset());
        if (r.stoppedAtDamage()) {
            LOG.warn("{}", r);
        } else {
            LOG.info("{}", r);
        }
        return r;
    }

    private static long scanStart(SegmentedFile files, boolean abnormal, Checkpoint.Data checkpoint) {
        List<MappedSegment> segs = files.segments();
        if (segs.isEmpty()) {
            return 0;
        }
        if (!abnormal) {
            return segs.get(Math.max(0, segs.size() - 2)).startOffset();
        }
        if (checkpoint == null) {
            return segs.get(0).startOffset();
        }
        long safe = Math.min(checkpoint.commitLogFlushedOffset(), checkpoint.dispatchedSafeOffset());
        for (int i = segs.size() - 1; i >= 0; i--) {
            if (segs.get(i).startOffset() <= safe) {
                return segs.get(i).startOffset();
            }
        }
        return segs.get(0).startOffset();
    }

    private static long dispatchStart(Checkpoint.Data checkpoint, long end, long min) {
        if (checkpoint == null) {
            return min;
        }
        long from = Math.min(checkpoint.dispatchedSafeOffset(), end);
        return from < min ? min : from;
    }

    private record Scan(long end, String reason, long records) {}

    private Scan scan(SegmentedFile files, long start) {
        CRC32 crc = new CRC32();
        long pos = start;
        long records = 0;
        if (progress != null) {
            List<MappedSegment> segs = files.segments();
            progress.begin(
                    start, segs.isEmpty() ? start : segs.get(segs.size() - 1).endOffset());
        }
        while (true) {
            MappedSegment seg = files.segmentFor(pos);
            if (progress != null
                    && (seg == null || pos == seg.startOffset() || records % RecoveryProgress.RECORDS_PER_CHECK == 0)) {
                progress.at(pos, records);
            }
            if (seg == null) {
                return new Scan(pos, "END_OF_FILES", records);
            }
            int at = (int) (pos - seg.startOffset());
            int code;
            try {
                code = RecordCheck.check(seg.buffer(), at, seg.sizeBytes(), crc, pos, recordMaxBytes);
            } catch (RuntimeException e) {
                return new Scan(pos, "ERROR", records);
            }
            if (code > 0) {
                pos += code;
                records++;
            } else if (code == RecordCheck.BLANK) {
                pos = seg.endOffset();
            } else {
                return new Scan(pos, RecordCheck.describe(code), records);
            }
        }
    }
}
