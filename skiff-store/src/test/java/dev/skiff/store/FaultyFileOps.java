package dev.skiff.store;

import dev.skiff.store.file.FileOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real writes and forces until a fault is armed; then the armed fault, {@code times} times (or for
 * good), the real calls again after that. A disk that failed once and then "recovered" is the case
 * where a later successful force must not confirm the earlier bytes.
 */
final class FaultyFileOps implements FileOps {
    enum Fault {
        /** {@code force} reports an I/O error. */
        FORCE_FAILS,
        /** {@code write} reports an I/O error. */
        WRITE_FAILS,
        /** {@code write} writes half of what it was given, then makes no progress. */
        SHORT_WRITE,
        /** {@code write} and {@code force} report ENOSPC (a mapped write meets it at the force). */
        DISK_FULL;

        boolean hitsWrites() {
            return this != FORCE_FAILS;
        }

        boolean hitsForces() {
            return this == FORCE_FAILS || this == DISK_FULL;
        }
    }

    /** Counted down at the first injected failure. */
    final CountDownLatch failed = new CountDownLatch(1);

    final AtomicInteger injected = new AtomicInteger();
    private volatile Fault fault;
    private final AtomicInteger left = new AtomicInteger();
    private boolean shortWritten;

    /** Injects {@code f} the next {@code times} times it applies ({@code Integer.MAX_VALUE}: for good). */
    void arm(Fault f, int times) {
        left.set(times);
        fault = f;
    }

    private boolean take(boolean applies) {
        if (!applies) {
            return false;
        }
        while (true) {
            int n = left.get();
            if (n <= 0) {
                return false;
            }
            if (left.compareAndSet(n, n == Integer.MAX_VALUE ? n : n - 1)) {
                injected.incrementAndGet();
                failed.countDown();
                return true;
            }
        }
    }

    @Override
    public int write(FileChannel channel, ByteBuffer src, long position) throws IOException {
        Fault f = fault;
        if (f == Fault.SHORT_WRITE && shortWritten) {
            return 0; // the rest never goes
        }
        if (f == null || !take(f.hitsWrites())) {
            return channel.write(src, position);
        }
        if (f == Fault.SHORT_WRITE && src.remaining() > 1) {
            shortWritten = true;
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + src.remaining() / 2);
            int n = channel.write(half, position);
            src.position(src.position() + n);
            return n;
        }
        throw new IOException(f == Fault.DISK_FULL ? "No space left on device" : "Input/output error");
    }

    @Override
    public void force(MemorySegment range) {
        Fault f = fault;
        if (f != null && take(f.hitsForces())) {
            throw new UncheckedIOException(
                    new IOException(f == Fault.DISK_FULL ? "No space left on device" : "Input/output error"));
        }
        range.force();
    }
}
