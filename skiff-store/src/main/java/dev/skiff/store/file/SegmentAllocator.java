package dev.skiff.store.file;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and maps segment files on the {@link Scheduler} it owns (one daemon thread in a store,
 * which closing does not interrupt: an interrupt would close a file channel being mapped) so that a writer rolling to a new
 * segment finds it ready, and keeps the pages just ahead of the writer faulted in so that an
 * append never takes a page fault.
 *
 * <p>Touching runs a bounded distance ({@link #TOUCH_AHEAD_BYTES}) ahead of the write position
 * rather than over a whole segment at once: the cost of faulting pages in is then paid as data is
 * written, resident memory grows only with what is written, and a roll does not start a burst of
 * a gigabyte of page faults while consumers are reading. A new segment gets its head touched
 * before it is handed out.
 *
 * <p>With {@code forceTouched}, every touched range is also forced to the device right away, so
 * the blocks under it are allocated and the pages clean before the writer gets there. A writer that
 * overwrites such pages with the file's {@code write} call then leaves nothing but data for its
 * force (on ext4, allocating blocks at the force costs a journal commit each time). Forced touching
 * waits until the writer is within half the distance and then touches up to the full distance, so
 * it forces a few times per 16 MiB written instead of every round: each of its forces also commits
 * the journal, and the commit log's forces queue behind it (64 sync writers: 93–104 k/s against
 * 82–89 k/s touching every round, A-B-A-B).
 */
public final class SegmentAllocator implements AutoCloseable {
    /** How far ahead of the writer pages are kept faulted in. */
    public static final int TOUCH_AHEAD_BYTES = 16 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentAllocator.class);
    private static final long BUSY_TOUCH_DELAY_MS = 2;
    private static final long IDLE_TOUCH_DELAY_MS = 50;

    private final Scheduler scheduler;
    private final boolean preTouch;
    private final boolean forceTouched;
    private long touchedUpTo = -1;
    private long lastWritePos = -1;

    /**
     * An allocator running on {@code scheduler}, which it closes on {@link #close()} (see {@link
     * #onThread} for the usual one).
     *
     * @param forceTouched force each touched range to the device at once (see the class comment)
     */
    public SegmentAllocator(Scheduler scheduler, boolean preTouch, boolean forceTouched) {
        this.preTouch = preTouch;
        this.forceTouched = forceTouched;
        this.scheduler = scheduler;
    }

    /** An allocator on one daemon thread named {@code threadName}, which closing does not interrupt. */
    public static SegmentAllocator onThread(
            String threadName, SkiffClock clock, boolean preTouch, boolean forceTouched) {
        return new SegmentAllocator(new ThreadScheduler(threadName, 1, clock, false), preTouch, forceTouched);
    }

    /** Starts creating a segment; the future completes when it is mapped (and its head touched). */
    public CompletableFuture<MappedSegment> allocate(Path file, long startOffset, int sizeBytes) {
        CompletableFuture<MappedSegment> done = new CompletableFuture<>();
        scheduler.schedule("allocate segment", 0, () -> {
            try {
                done.complete(open(file, startOffset, sizeBytes));
            } catch (Throwable t) {
                done.completeExceptionally(t); // the writer that waits for it sees the failure
            }
        });
        return done;
    }

    private MappedSegment open(Path file, long startOffset, int sizeBytes) {
        MappedSegment s = MappedSegment.open(file, startOffset, sizeBytes);
        if (preTouch) {
            s.preTouch(TOUCH_AHEAD_BYTES);
            if (forceTouched) {
                s.force(0, Math.min(TOUCH_AHEAD_BYTES, sizeBytes));
            }
        }
        return s;
    }

    /**
     * Keeps the pages of {@code files}' last segment up to {@link #TOUCH_AHEAD_BYTES} past {@code
     * writePosition} faulted in, from now until {@link #close()}; nothing when pre-touching is off.
     */
    public void touchAhead(SegmentedFile files, LongSupplier writePosition) {
        if (preTouch) {
            schedule(files, writePosition, 0);
        }
    }

    private void schedule(SegmentedFile files, LongSupplier writePosition, long delayMs) {
        try {
            scheduler.schedule("touch ahead", delayMs, () -> {
                long next = touchRound(files, writePosition.getAsLong());
                schedule(files, writePosition, next);
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Touches what is due; returns the delay before the next round. */
    private long touchRound(SegmentedFile files, long writePos) {
        boolean moved = writePos != lastWritePos;
        lastWritePos = writePos;
        MappedSegment seg = files.last();
        if (seg == null || !seg.retain()) {
            return IDLE_TOUCH_DELAY_MS;
        }
        try {
            long from = Math.max(Math.max(touchedUpTo, writePos), seg.startOffset());
            long to = Math.min(writePos + TOUCH_AHEAD_BYTES, seg.endOffset());
            // forced touching goes in steps of at least half the distance: each force commits the
            // journal, which the commit log's own forces then wait behind
            boolean farEnoughAhead = forceTouched && from - writePos >= TOUCH_AHEAD_BYTES / 2;
            if (to > from && !farEnoughAhead) {
                int segFrom = (int) (from - seg.startOffset());
                int segTo = (int) (to - seg.startOffset());
                seg.touchAhead(segFrom, segTo);
                if (forceTouched) {
                    seg.force(segFrom, segTo);
                }
                touchedUpTo = to;
            }
        } catch (IllegalStateException e) {
            LOG.debug("segment {} went away while touching: {}", seg.path(), e.toString());
        } finally {
            seg.release();
        }
        return moved ? BUSY_TOUCH_DELAY_MS : IDLE_TOUCH_DELAY_MS;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
