package dev.skiff.store;

import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.StoredRecordLayout;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Every setting of the store, validated when built. Defaults live only in {@link Builder}.
 *
 * <table>
 * <caption>keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>storePath</td><td>(required)</td><td>root folder: commitlog/, consumequeue/, queuewatermark/ (deleted topics' queue offsets, removed once retention has passed the delete), index/, checkpoint, abort</td></tr>
 * <tr><td>commitLogSegmentBytes</td><td>1 GiB</td><td>size of each commit-log segment file</td></tr>
 * <tr><td>preTouchSegments</td><td>true</td><td>keep the pages 16 MiB ahead of the writer (and the head of the next segment) faulted in, in the background</td></tr>
 * <tr><td>consumeQueueEntriesPerFile</td><td>300,000</td><td>20-byte entries per consume-queue file</td></tr>
 * <tr><td>indexSlotCount</td><td>5,000,000</td><td>hash slots per index file</td></tr>
 * <tr><td>indexEntryCount</td><td>20,000,000</td><td>entries per index file</td></tr>
 * <tr><td>indexEnabled</td><td>true</td><td>build the key / unique-id index</td></tr>
 * <tr><td>messageBodyMaxBytes</td><td>4 MiB</td><td>largest body accepted</td></tr>
 * <tr><td>appendBatchMaxBytes</td><td>8 MiB</td><td>largest encoded batch (and record)</td></tr>
 * <tr><td>queuesPerTopicMax</td><td>1024</td><td>queue ids are in [0, this)</td></tr>
 * <tr><td>flushMode</td><td>ASYNC</td><td>ASYNC acks at once, SYNC acks after force (group commit)</td></tr>
 * <tr><td>commitLogWrites</td><td>STAGED under SYNC, else MAPPED</td><td>how appended bytes reach the commit log: MAPPED copies through the mapping (cheapest append), CHANNEL uses the file's write call per append (cheaper force), STAGED copies into an off-heap buffer of twice appendBatchMaxBytes that the flush thread writes with one write call per round (SYNC only); see {@link CommitLogWrites}</td></tr>
 * <tr><td>flushIntervalMs</td><td>500</td><td>async flush period</td></tr>
 * <tr><td>flushDirtyPagesMin</td><td>4</td><td>async flush forces at its interval when at least this many 4 KiB pages are dirty (less waits up to 20 intervals)</td></tr>
 * <tr><td>syncFlushTimeoutMs</td><td>5000</td><td>sync writers get FLUSH_DISK_TIMEOUT after this</td></tr>
 * <tr><td>syncFlushPendingMax</td><td>65536</td><td>sync writers waiting for a force, at most</td></tr>
 * <tr><td>checkpointIntervalMs</td><td>1000</td><td>force the index and the consume queues with at least 2 pages unforced (every queue each 60th time), write the checkpoint</td></tr>
 * <tr><td>getScanEntriesMax</td><td>16,000</td><td>consume-queue entries one read scans at most</td></tr>
 * <tr><td>fileReservedMs</td><td>72 h</td><td>segments older than this are deleted; changeable while the store runs ({@link MessageStore#setRetention})</td></tr>
 * <tr><td>deleteHourOfDay</td><td>4</td><td>hour (in retentionZone) at which expired segments go; changeable like fileReservedMs</td></tr>
 * <tr><td>retentionZone</td><td>UTC</td><td>zone of deleteHourOfDay</td></tr>
 * <tr><td>diskCleanRatio</td><td>0.75</td><td>above this disk use, expired segments go at once</td></tr>
 * <tr><td>diskForceCleanRatio</td><td>0.85</td><td>above this, the oldest segments go even if not expired</td></tr>
 * <tr><td>diskRefuseWritesRatio</td><td>0.90</td><td>above this, writes are refused with DISK_FULL</td></tr>
 * <tr><td>retentionIntervalMs</td><td>10,000</td><td>period of the retention and disk check</td></tr>
 * <tr><td>segmentsDeletedPerRunMax</td><td>10</td><td>commit-log segments deleted per retention run</td></tr>
 * <tr><td>storeHost</td><td>127.0.0.1:10911</td><td>written into STOREHOST and offset message ids</td></tr>
 * </table>
 */
public record StoreConfig(
        Path storePath,
        int commitLogSegmentBytes,
        boolean preTouchSegments,
        int consumeQueueEntriesPerFile,
        int indexSlotCount,
        int indexEntryCount,
        boolean indexEnabled,
        int messageBodyMaxBytes,
        int appendBatchMaxBytes,
        int queuesPerTopicMax,
        FlushMode flushMode,
        CommitLogWrites commitLogWrites,
        long flushIntervalMs,
        int flushDirtyPagesMin,
        long syncFlushTimeoutMs,
        int syncFlushPendingMax,
        long checkpointIntervalMs,
        int getScanEntriesMax,
        long fileReservedMs,
        int deleteHourOfDay,
        ZoneId retentionZone,
        double diskCleanRatio,
        double diskForceCleanRatio,
        double diskRefuseWritesRatio,
        long retentionIntervalMs,
        int segmentsDeletedPerRunMax,
        HostAddress storeHost) {

    /** Bytes of the commit log's staging buffer: twice the largest batch under STAGED, else 0. */
    public int stagingBytes() {
        if (commitLogWrites != CommitLogWrites.STAGED) {
            return 0;
        }
        return (int) Math.min(2L * appendBatchMaxBytes + StoredRecordLayout.BLANK_MIN_BYTES, 1L << 30);
    }

    /** When a write is acknowledged. */
    public enum FlushMode {
        ASYNC,
        SYNC
    }

    /** How appended bytes reach the commit log's segment files. */
    public enum CommitLogWrites {
        /** A copy into the mapping: no system call per append; the default under ASYNC flush. */
        MAPPED,
        /**
         * The file's write call per append: a force then costs about a third as much on ext4 (no
         * journal commit for overwritten blocks).
         */
        CHANNEL,
        /**
         * A copy into an off-heap staging buffer; the flush thread writes all of a round's appends
         * with one write call, then forces them, and only then are they readable. The cheap force of
         * CHANNEL without its system call per append; the default under SYNC flush, where every
         * append waits for the flush thread anyway. SYNC only.
         */
        STAGED
    }

    public StoreConfig {
        Objects.requireNonNull(storePath, "storePath");
        Objects.requireNonNull(flushMode, "flushMode");
        Objects.requireNonNull(commitLogWrites, "commitLogWrites");
        require(
                commitLogWrites != CommitLogWrites.STAGED || flushMode == FlushMode.SYNC,
                "commitLogWrites STAGED needs flushMode SYNC");
        Objects.requireNonNull(retentionZone, "retentionZone");
        Objects.requireNonNull(storeHost, "storeHost");
        require(commitLogSegmentBytes >= 64 * 1024, "commitLogSegmentBytes >= 64 KiB");
        require(appendBatchMaxBytes >= StoredRecordLayout.RECORD_MIN_BYTES, "appendBatchMaxBytes too small");
        require(
                appendBatchMaxBytes <= commitLogSegmentBytes - StoredRecordLayout.BLANK_MIN_BYTES,
                "appendBatchMaxBytes must fit a segment with its blank marker");
        require(messageBodyMaxBytes > 0 && messageBodyMaxBytes < appendBatchMaxBytes, "messageBodyMaxBytes");
        require(
                consumeQueueEntriesPerFile > 0 && consumeQueueEntriesPerFile <= 50_000_000,
                "consumeQueueEntriesPerFile");
        require(indexSlotCount > 0 && indexEntryCount > 1, "index sizes");
        require(40L + 4L * indexSlotCount + 20L * indexEntryCount <= Integer.MAX_VALUE, "index file must be < 2 GiB");
        require(queuesPerTopicMax > 0 && queuesPerTopicMax <= 65_536, "queuesPerTopicMax");
        require(flushIntervalMs > 0 && flushDirtyPagesMin >= 0, "flush settings");
        require(syncFlushTimeoutMs > 0 && syncFlushPendingMax > 0, "sync flush settings");
        require(checkpointIntervalMs > 0 && retentionIntervalMs > 0, "intervals");
        require(getScanEntriesMax > 0, "getScanEntriesMax");
        require(fileReservedMs > 0, "fileReservedMs");
        require(deleteHourOfDay >= 0 && deleteHourOfDay < 24, "deleteHourOfDay");
        require(
                diskCleanRatio > 0
                        && diskCleanRatio <= diskForceCleanRatio
                        && diskForceCleanRatio <= diskRefuseWritesRatio
                        && diskRefuseWritesRatio <= 1,
                "disk ratios must be ordered clean <= forceClean <= refuseWrites <= 1");
        require(segmentsDeletedPerRunMax > 0, "segmentsDeletedPerRunMax");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("invalid store config: " + what);
        }
    }

    public Path commitLogDir() {
        return storePath.resolve("commitlog");
    }

    public Path consumeQueueDir() {
        return storePath.resolve("consumequeue");
    }

    /** Watermarks of deleted topics' queues. */
    public Path queueWatermarkDir() {
        return storePath.resolve("queuewatermark");
    }

    public Path indexDir() {
        return storePath.resolve("index");
    }

    public Path checkpointFile() {
        return storePath.resolve("checkpoint");
    }

    public Path abortFile() {
        return storePath.resolve("abort");
    }

    public static Builder builder(Path storePath) {
        return new Builder(storePath);
    }

    /** A builder holding every default. */
    public static final class Builder {
        private final Path storePath;
        private int commitLogSegmentBytes = 1 << 30;
        private boolean preTouchSegments = true;
        private int consumeQueueEntriesPerFile = 300_000;
        private int indexSlotCount = 5_000_000;
        private int indexEntryCount = 20_000_000;
        private boolean indexEnabled = true;
        private int messageBodyMaxBytes = 4 * 1024 * 1024;
        private int appendBatchMaxBytes = 8 * 1024 * 1024;
        private int queuesPerTopicMax = 1024;
        private FlushMode flushMode = FlushMode.ASYNC;
        /** Null: chosen by the flush mode at build. */
        private CommitLogWrites commitLogWrites;

        private long flushIntervalMs = 500;
        private int flushDirtyPagesMin = 4;
        private long syncFlushTimeoutMs = 5_000;
        private int syncFlushPendingMax = 65_536;
        private long checkpointIntervalMs = 1_000;
        private int getScanEntriesMax = 16_000;
        private long fileReservedMs = 72L * 3600 * 1000;
        private int deleteHourOfDay = 4;
        private ZoneId retentionZone = ZoneOffset.UTC;
        private double diskCleanRatio = 0.75;
        private double diskForceCleanRatio = 0.85;
        private double diskRefuseWritesRatio = 0.90;
        private long retentionIntervalMs = 10_000;
        private int segmentsDeletedPerRunMax = 10;
        private HostAddress storeHost = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);

        private Builder(Path storePath) {
            this.storePath = storePath;
        }

        /** Sets the segment size and shrinks the batch limits to fit it when needed. */
        public Builder commitLogSegmentBytes(int v) {
            commitLogSegmentBytes = v;
            appendBatchMaxBytes = Math.min(appendBatchMaxBytes, v / 2);
            messageBodyMaxBytes = Math.min(messageBodyMaxBytes, appendBatchMaxBytes / 2);
            return this;
        }

        public Builder preTouchSegments(boolean v) {
            preTouchSegments = v;
            return this;
        }

        public Builder consumeQueueEntriesPerFile(int v) {
            consumeQueueEntriesPerFile = v;
            return this;
        }

        public Builder indexSlotCount(int v) {
            indexSlotCount = v;
            return this;
        }

        public Builder indexEntryCount(int v) {
            indexEntryCount = v;
            return this;
        }

        public Builder indexEnabled(boolean v) {
            indexEnabled = v;
            return this;
        }

        public Builder messageBodyMaxBytes(int v) {
            messageBodyMaxBytes = v;
            return this;
        }

        public Builder appendBatchMaxBytes(int v) {
            appendBatchMaxBytes = v;
            return this;
        }

        public Builder queuesPerTopicMax(int v) {
            queuesPerTopicMax = v;
            return this;
        }

        /** Overrides the choice the flush mode makes (STAGED under SYNC, MAPPED under ASYNC). */
        public Builder commitLogWrites(CommitLogWrites v) {
            commitLogWrites = v;
            return this;
        }

        public Builder flushMode(FlushMode v) {
            flushMode = v;
            return this;
        }

        public Builder flushIntervalMs(long v) {
            flushIntervalMs = v;
            return this;
        }

        public Builder flushDirtyPagesMin(int v) {
            flushDirtyPagesMin = v;
            return this;
        }

        public Builder syncFlushTimeoutMs(long v) {
            syncFlushTimeoutMs = v;
            return this;
        }

        public Builder syncFlushPendingMax(int v) {
            syncFlushPendingMax = v;
            return this;
        }

        public Builder checkpointIntervalMs(long v) {
            checkpointIntervalMs = v;
            return this;
        }

        public Builder getScanEntriesMax(int v) {
            getScanEntriesMax = v;
            return this;
        }

        public Builder fileReservedMs(long v) {
            fileReservedMs = v;
            return this;
        }

        public Builder deleteHourOfDay(int v) {
            deleteHourOfDay = v;
            return this;
        }

        public Builder retentionZone(ZoneId v) {
            retentionZone = v;
            return this;
        }

        public Builder diskRatios(double clean, double forceClean, double refuseWrites) {
            diskCleanRatio = clean;
            diskForceCleanRatio = forceClean;
            diskRefuseWritesRatio = refuseWrites;
            return this;
        }

        public Builder retentionIntervalMs(long v) {
            retentionIntervalMs = v;
            return this;
        }

        public Builder segmentsDeletedPerRunMax(int v) {
            segmentsDeletedPerRunMax = v;
            return this;
        }

        public Builder storeHost(HostAddress v) {
            storeHost = v;
            return this;
        }

        public StoreConfig build() {
            return new StoreConfig(
                    storePath,
                    commitLogSegmentBytes,
                    preTouchSegments,
                    consumeQueueEntriesPerFile,
                    indexSlotCount,
                    indexEntryCount,
                    indexEnabled,
                    messageBodyMaxBytes,
                    appendBatchMaxBytes,
                    queuesPerTopicMax,
                    flushMode,
                    commitLogWrites != null
                            ? commitLogWrites
                            : flushMode == FlushMode.SYNC ? CommitLogWrites.STAGED : CommitLogWrites.MAPPED,
                    flushIntervalMs,
                    flushDirtyPagesMin,
                    syncFlushTimeoutMs,
                    syncFlushPendingMax,
                    checkpointIntervalMs,
                    getScanEntriesMax,
                    fileReservedMs,
                    deleteHourOfDay,
                    retentionZone,
                    diskCleanRatio,
                    diskForceCleanRatio,
                    diskRefuseWritesRatio,
                    retentionIntervalMs,
                    segmentsDeletedPerRunMax,
                    storeHost);
        }
    }
}
