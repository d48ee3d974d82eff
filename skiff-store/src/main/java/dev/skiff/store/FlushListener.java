package dev.skiff.store;

/**
 * Told once whether appended bytes reached the device: PUT_OK, or FLUSH_DISK_TIMEOUT when the force
 * came too late or the waiter could not be queued. Under sync flush it runs on the store's flush
 * thread, so it must be quick and must not block. A caller that keeps one listener per pending
 * append and reuses it waits without allocating.
 */
@FunctionalInterface
public interface FlushListener {
    void flushed(PutStatus status);
}
