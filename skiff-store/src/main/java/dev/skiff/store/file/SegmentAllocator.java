package dev.skiff.store.file;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Creates, maps and pre-touches segment files on its own daemon thread so that a writer rolling
 * to a new segment finds it ready.
 */
public final class SegmentAllocator implements AutoCloseable {
    private final ExecutorService executor;
    private final boolean preTouch;

    public SegmentAllocator(String threadName, boolean preTouch) {
        this.preTouch = preTouch;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts creating a segment; the future completes when it is mapped (and touched). */
    public CompletableFuture<MappedSegment> allocate(Path file, long startOffset, int sizeBytes) {
        return CompletableFuture.supplyAsync(
                () -> {
                    MappedSegment s = MappedSegment.open(file, startOffset, sizeBytes);
                    if (preTouch) {
                        s.preTouch();
                    }
                    return s;
                },
                executor);
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
