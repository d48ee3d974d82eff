package dev.skiff.store.retention;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.file.MappedSegment;
import dev.skiff.store.index.IndexService;
import dev.skiff.store.log.CommitLog;
import dev.skiff.store.queue.ConsumeQueue;
import dev.skiff.store.queue.ConsumeQueueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old commit-log segments and what follows from them. A segment is expired when its last
 * record is older than {@code fileReservedMs} — the store time of the first record of the next
 * segment bounds it from above; the file's modification time is used when the next segment is
 * still empty. Expired segments are deleted at {@code deleteHourOfDay}, or at once when disk use
 * is above {@code diskCleanRatio}; above {@code diskForceCleanRatio} the oldest segments go even
 * if not expired. The newest segment is never deleted. A deleted segment that a reader still
 * holds stays mapped until the reader releases it.
 *
 * <p>{@code fileReservedMs} and {@code deleteHourOfDay} start from the {@link StoreConfig} and can
 * change while the store runs ({@link #setSchedule}); each run reads them once.
 *
 * <p>Above {@code diskRefuseWritesRatio}, {@link #isDiskFull()} turns true and the store refuses
 * writes until a later run sees the disk below it.
 */
public final class RetentionService {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);

    /** What one run did. */
    public record Report(
            double diskUsedRatio, int segmentsDeleted, int consumeQueueFilesDeleted, int indexFilesDeleted) {}

    /** How long segments are kept and the hour expired ones are deleted. */
    public record Schedule(long fileReservedMs, int deleteHourOfDay) {
        public Schedule {
            if (fileReservedMs <= 0) {
                throw new IllegalArgumentException("fileReservedMs must be positive: " + fileReservedMs);
            }
            if (deleteHourOfDay < 0 || deleteHourOfDay > 23) {
                throw new IllegalArgumentException("deleteHourOfDay must be 0..23: " + deleteHourOfDay);
            }
        }
    }

    private final StoreConfig config;
    private final SkiffClock clock;
    private final DiskUsage disk;
    private final CommitLog log;
    private final ConsumeQueueStore queues;
    private final IndexService index;
    private volatile boolean diskFull;
    private volatile Schedule schedule;

    /** @param index the index, or null when indexing is off */
    public RetentionService(
            StoreConfig config,
            SkiffClock clock,
            DiskUsage disk,
            CommitLog log,
            ConsumeQueueStore queues,
            IndexService index) {
        this.config = config;
        this.clock = clock;
        this.disk = disk;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.schedule = new Schedule(config.fileReservedMs(), config.deleteHourOfDay());
    }

    /** Replaces the schedule from the next run on (any thread). */
    public void setSchedule(Schedule next) {
        schedule = next;
    }

    public Schedule schedule() {
        return schedule;
    }

    public boolean isDiskFull() {
        return diskFull;
    }

    /** Checks the disk and refreshes {@link #isDiskFull()} only. */
    public double checkDisk() {
        double ratio = disk.usedRatio();
        boolean full = ratio > config.diskRefuseWritesRatio();
        if (full != diskFull) {
            LOG.warn("disk use {} -> writes {}", String.format("%.3f", ratio), full ? "refused" : "accepted again");
        }
        diskFull = full;
        return ratio;
    }

    /** One retention pass (retention thread). */
    public Report runOnce() {
        return runOnce(false);
    }

    /**
     * One retention pass (retention thread); {@code now}: expired segments go whatever the hour
     * (an operator's request), still at most {@code segmentsDeletedPerRunMax} of them.
     */
    public Report runOnce(boolean now) {
        double ratio = checkDisk();
        long nowMs = clock.nowMs();
        Schedule s = schedule;
        boolean due = now
                || Instant.ofEpochMilli(nowMs).atZone(config.retentionZone()).getHour() == s.deleteHourOfDay();
        boolean clean = ratio > config.diskCleanRatio();
        boolean force = ratio > config.diskForceCleanRatio();
        int segs = 0;
        if (due || clean || force) {
            Predicate<MappedSegment> test = force ? seg -> true : seg -> isExpired(seg, nowMs, s.fileReservedMs());
            segs = log.files().deleteFromFront(test, config.segmentsDeletedPerRunMax());
        }
        int cqFiles = 0;
        int indexFiles = 0;
        long min = log.minOffset();
        for (ConsumeQueue cq : queues.all()) {
            cqFiles += cq.deleteBelow(min);
        }
        if (index != null) {
            indexFiles = index.deleteBelow(min);
        }
        if (segs + cqFiles + indexFiles > 0) {
            LOG.info(
                    "retention deleted {} commit-log segments, {} consume-queue files, {} index files; min offset {}",
                    segs,
                    cqFiles,
                    indexFiles,
                    min);
        }
        return new Report(ratio, segs, cqFiles, indexFiles);
    }

    private boolean isExpired(MappedSegment seg, long nowMs, long fileReservedMs) {
        long last = lastStoreTimestampBound(seg);
        return last >= 0 && nowMs - last > fileReservedMs;
    }

    private long lastStoreTimestampBound(MappedSegment seg) {
        MappedSegment next = log.files().retainSegmentFor(seg.endOffset());
        if (next != null) {
            try {
                var b = next.buffer();
                int magic = b.getInt(StoredRecordLayout.MAGIC);
                if (magic == StoredRecordLayout.MAGIC_V1 || magic == StoredRecordLayout.MAGIC_V2) {
                    return b.getLong(StoredRecordLayout.storeTimestampOffset(b.getInt(StoredRecordLayout.SYS_FLAG)));
                }
            } finally {
                next.release();
            }
        }
        try {
            return Files.getLastModifiedTime(seg.path()).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
