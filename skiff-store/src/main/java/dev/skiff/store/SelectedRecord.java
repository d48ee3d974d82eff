package dev.skiff.store;

import java.nio.ByteBuffer;

/**
 * One stored record as a read-only view of the mapped commit log (the exact bytes of the stored
 * layout). Valid until the {@link RecordLease} it came from is released.
 *
 * @param queueOffset the record's queue offset, -1 when read by physical offset
 */
public record SelectedRecord(ByteBuffer buffer, long physicalOffset, long queueOffset, long tagsCode) {
    public int size() {
        return buffer.remaining();
    }
}
