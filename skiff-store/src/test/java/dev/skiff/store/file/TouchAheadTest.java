package dev.skiff.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.testing.Await;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Touching pages ahead of a writer never changes a byte the writer put there. */
@Timeout(60)
class TouchAheadTest {
    private static final int SEGMENT_BYTES = 4 << 20;

    @TempDir
    Path dir;

    @Test
    void touchingRacingAWriterLeavesEveryWrittenByteIntact() throws Exception {
        MappedSegment seg = MappedSegment.open(dir.resolve("00000000000000000000"), 0, SEGMENT_BYTES);
        try {
            AtomicLong written = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            // The toucher sweeps the whole segment again and again while the writer fills it.
            Thread toucher = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!done.get() && System.nanoTime() < deadline) {
                    int from = (int) written.get();
                    seg.touchAhead(Math.max(0, from - 8192), SEGMENT_BYTES);
                }
            });
            toucher.start();
            ByteBuffer view = seg.buffer();
            byte[] chunk = new byte[1000]; // not page-aligned: records straddle page starts
            for (int pos = 0; pos + chunk.length <= SEGMENT_BYTES; pos += chunk.length) {
                fill(chunk, pos);
                view.put(pos, chunk);
                written.set(pos + chunk.length);
            }
            done.set(true);
            toucher.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(toucher.isAlive()).isFalse();

            byte[] expected = new byte[chunk.length];
            byte[] actual = new byte[chunk.length];
            for (int pos = 0; pos + chunk.length <= SEGMENT_BYTES; pos += chunk.length) {
                fill(expected, pos);
                view.get(pos, actual);
                assertThat(actual).as("bytes at %d", pos).isEqualTo(expected);
            }
        } finally {
            seg.destroy();
        }
    }

    /** Also with forced touching, the writer then writing through the file as the SYNC modes do. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void allocatorTouchesAheadOfTheWriterAndStopsWhenClosed(boolean forceTouched) throws Exception {
        SegmentAllocator allocator = SegmentAllocator.onThread("touch-test", SkiffClock.system(), true, forceTouched);
        SegmentedFile files = new SegmentedFile(dir.resolve("log"), SEGMENT_BYTES, allocator);
        try {
            MappedSegment seg = files.roll(0);
            AtomicLong writePos = new AtomicLong();
            // the write position the last touch round started from: each round reads it first
            AtomicLong seenByRound = new AtomicLong(-1);
            allocator.touchAhead(files, () -> {
                long p = writePos.get();
                seenByRound.set(p);
                return p;
            });
            ByteBuffer view = seg.buffer();
            byte[] chunk = new byte[4000];
            for (int pos = 0; pos + chunk.length <= SEGMENT_BYTES; pos += chunk.length) {
                fill(chunk, pos);
                if (forceTouched) {
                    seg.write(pos, ByteBuffer.wrap(chunk));
                } else {
                    view.put(pos, chunk);
                }
                writePos.set(pos + chunk.length);
                if (pos % (256 << 10) == 0) {
                    // touch rounds interleave with the writes: one starts from this write's end
                    long end = pos + chunk.length;
                    Await.until(
                            "a touch round after the write ending at " + end,
                            Duration.ofSeconds(20),
                            () -> seenByRound.get() >= end);
                }
            }
            byte[] actual = new byte[chunk.length];
            for (int pos = 0; pos + chunk.length <= SEGMENT_BYTES; pos += chunk.length) {
                fill(chunk, pos);
                view.get(pos, actual);
                assertThat(actual).as("bytes at %d", pos).isEqualTo(chunk);
            }
        } finally {
            allocator.close();
            files.close();
        }
    }

    private static void fill(byte[] chunk, int pos) {
        for (int i = 0; i < chunk.length; i++) {
            int v = (pos + i) * 31 + 7;
            chunk[i] = (byte) (v == 0 ? 1 : (v % 251) + 1); // never 0
        }
    }
}
