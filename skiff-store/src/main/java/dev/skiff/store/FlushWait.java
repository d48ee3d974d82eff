package dev.skiff.store;

import java.util.concurrent.locks.LockSupport;

/**
 * A thread's reusable wait for its own appends to reach the device, one at a time: {@link #arm()}
 * before handing it to {@link MessageStore#whenFlushed(long, FlushListener)}, then {@link #await()}.
 * Nothing is allocated per wait. Not for sharing between threads.
 */
public final class FlushWait implements FlushListener {
    private volatile PutStatus status;
    private volatile Thread waiter;

    /** Makes this wait ready for one more append by the calling thread; returns it. */
    public FlushWait arm() {
        status = null;
        waiter = Thread.currentThread();
        return this;
    }

    @Override
    public void flushed(PutStatus s) {
        status = s;
        LockSupport.unpark(waiter);
    }

    /** Blocks until told; the store always answers (by its flush timeout, or when it closes). */
    public PutStatus await() {
        PutStatus s;
        while ((s = status) == null) {
            LockSupport.park(this);
        }
        return s;
    }
}
