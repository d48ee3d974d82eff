package dev.skiff.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutStatus;
import dev.skiff.store.StoreConfig.CommitLogWrites;
import dev.skiff.store.file.SegmentAllocator;
import dev.skiff.store.file.SegmentedFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit log in STAGED mode without a flush thread: the test plays the flush thread, so what is
 * staged, written and readable at each step is exact.
 */
class StagedCommitLogTest {
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final int STAGING_BYTES = 8 * 1024 + StoredRecordLayout.BLANK_MIN_BYTES;
    private static final HostAddress HOST = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);

    @TempDir
    Path dir;

    private SegmentAllocator allocator;
    private SegmentedFile files;
    private CommitLog log;
    private final List<Long> announced = new ArrayList<>();

    @BeforeEach
    void open() {
        allocator = SegmentAllocator.onThread("test-allocate", SkiffClock.system(), false, true);
        files = new SegmentedFile(dir, SEGMENT_BYTES, allocator);
        log = new CommitLog(
                files,
                new ManualClock(1_700_000_000_000L),
                new QueueOffsetTable(8),
                CommitLogWrites.STAGED,
                STAGING_BYTES);
        log.recoverTo(0);
        log.setAppendListener(end -> {
            synchronized (announced) {
                announced.add(end);
            }
        });
    }

    @AfterEach
    void close() {
        log.close();
        allocator.close();
    }

    @Test
    void stagedRecordsAreNeitherInTheFileNorReadableUntilTheFlushThreadWritesThem() throws Exception {
        EncodedBatch batch = new EncodedBatch(4096, 8192, 8, HOST);
        batch.encode(message(0, 1000));
        assertThat(log.append(batch)).isEqualTo(PutStatus.PUT_OK);
        int bytes = batch.bytes();
        byte[] expected = new byte[bytes];
        batch.buffer().get(0, expected);

        assertThat(log.appendedOffset()).isEqualTo(bytes);
        assertThat(log.writtenOffset()).isZero();
        assertThat(log.retainSegmentFor(0)).isNull();
        assertThat(announced).isEmpty();
        assertThat(slice(Files.readAllBytes(segmentFile(0)), 0, bytes)).isEqualTo(new byte[bytes]);

        assertThat(log.flush()).isEqualTo(bytes);

        assertThat(log.writtenOffset()).isEqualTo(bytes);
        assertThat(log.flushedOffset()).isEqualTo(bytes);
        assertThat(announced).containsExactly((long) bytes);
        assertThat(slice(Files.readAllBytes(segmentFile(0)), 0, bytes)).isEqualTo(expected);
        var seg = log.retainSegmentFor(0);
        assertThat(seg).isNotNull();
        try {
            StoredMessage m = StoredRecordDecoder.decode(seg.buffer(), 0);
            assertThat(m.body()).hasSize(1000);
            assertThat(m.bodyCrcMatches()).isTrue();
        } finally {
            seg.release();
        }
        assertThat(log.writeStaged()).as("nothing left to write").isFalse();
    }

    /**
     * An appender that would overrun the staging buffer waits, asks for the flush thread, and goes
     * on once it wrote; the records cross a segment end (blank marker and zeros staged too) and the
     * ring's wrap, and land in the files exactly as appended.
     */
    @Test
    void aFullStagingBufferHoldsTheAppenderUntilWrittenAcrossRingWrapAndSegmentRoll() throws Exception {
        int records = 80;
        AtomicInteger askedToWrite = new AtomicInteger();
        // woken when the appender asks for room or ends: the test thread is the writer
        Semaphore wake = new Semaphore(0);
        AtomicBoolean appenderDone = new AtomicBoolean();
        log.setStagingFullListener(() -> {
            askedToWrite.incrementAndGet();
            wake.release();
        });
        List<PutStatus> statuses = new ArrayList<>();
        List<Long> physical = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread appender = new Thread(() -> {
            try {
                EncodedBatch batch = new EncodedBatch(4096, 8192, 8, HOST);
                for (int i = 0; i < records; i++) {
                    batch.clear();
                    batch.encode(message(i, 1000));
                    statuses.add(log.append(batch));
                    physical.add(batch.physicalOffset(0));
                }
            } catch (Throwable t) {
                failed.set(t);
            } finally {
                appenderDone.set(true);
                wake.release();
            }
        });
        appender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long maxStaged = 0;
        while (!appenderDone.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !wake.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            wake.drainPermits();
            maxStaged = Math.max(maxStaged, log.appendedOffset() - log.writtenOffset());
            if (askedToWrite.get() > 0) {
                log.writeStaged();
            }
        }
        appender.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(appender.isAlive()).isFalse();
        assertThat(failed.get()).isNull();
        log.flush();

        assertThat(statuses).hasSize(records).containsOnly(PutStatus.PUT_OK);
        assertThat(askedToWrite.get()).as("the appender asked for room").isPositive();
        assertThat(maxStaged).isLessThanOrEqualTo(STAGING_BYTES);
        assertThat(log.writtenOffset()).isEqualTo(log.appendedOffset()).isGreaterThan(SEGMENT_BYTES);

        ByteBuffer first = ByteBuffer.wrap(Files.readAllBytes(segmentFile(0)));
        ByteBuffer second = ByteBuffer.wrap(Files.readAllBytes(segmentFile(SEGMENT_BYTES)));
        for (int i = 0; i < records; i++) {
            long phy = physical.get(i);
            ByteBuffer in = phy < SEGMENT_BYTES ? first : second;
            StoredMessage m = StoredRecordDecoder.decode(in, (int) (phy % SEGMENT_BYTES));
            assertThat(m.queueOffset()).isEqualTo(i);
            assertThat(m.physicalOffset()).isEqualTo(phy);
            assertThat(m.bodyCrcMatches()).isTrue();
        }
        long recordBytes = physical.get(1) - physical.get(0);
        long lastInFirst = physical.stream()
                .filter(p -> p < SEGMENT_BYTES)
                .max(Long::compare)
                .orElseThrow();
        int blankAt = (int) (lastInFirst + recordBytes);
        assertThat(first.getInt(blankAt + StoredRecordLayout.MAGIC)).isEqualTo(StoredRecordLayout.BLANK_MAGIC);
        assertThat(first.getInt(blankAt)).isEqualTo(SEGMENT_BYTES - blankAt);
        assertThat(physical.get(records - 1)).isGreaterThanOrEqualTo(SEGMENT_BYTES);
    }

    private Path segmentFile(long start) {
        return dir.resolve(SegmentedFile.fileName(start));
    }

    private static byte[] slice(byte[] all, int from, int len) {
        byte[] out = new byte[len];
        System.arraycopy(all, from, out, 0, len);
        return out;
    }

    private static MessageToStore message(int i, int bodyBytes) {
        byte[] body = new byte[bodyBytes];
        body[0] = (byte) i;
        return new MessageToStore(
                "StagedTopic",
                1,
                0,
                body,
                "",
                0,
                1_700_000_000_000L,
                new HostAddress(new byte[] {10, 0, 0, 2}, 50000),
                0,
                0);
    }
}
