package dev.skiff.broker.pull;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pull response body made of the store's mapped record views without copying them: each view
 * becomes one component of this composite buffer. The lease that keeps the mapped segments alive
 * is closed only when the last reference to this buffer is released — by the transport once the
 * frame is written (or failed) — so the socket reads the page cache directly and retention can
 * never unmap a segment under a pending write.
 */
public final class LeasedRecordsBuf extends CompositeByteBuf {
    private final AutoCloseable lease;
    private final AtomicBoolean leaseClosed = new AtomicBoolean();

    private LeasedRecordsBuf(int components, AutoCloseable lease) {
        super(UnpooledByteBufAllocator.DEFAULT, true, Math.max(1, components));
        this.lease = lease;
    }

    /** Wraps {@code views} (not copied; each duplicated so their positions stay untouched). */
    public static LeasedRecordsBuf wrap(List<ByteBuffer> views, AutoCloseable lease) {
        LeasedRecordsBuf buf = new LeasedRecordsBuf(views.size(), lease);
        try {
            for (ByteBuffer view : views) {
                buf.addComponent(true, Unpooled.wrappedBuffer(view.duplicate()));
            }
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return buf;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate();
        } finally {
            if (leaseClosed.compareAndSet(false, true)) {
                try {
                    lease.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot release the records behind a pull response", e);
                }
            }
        }
    }
}
