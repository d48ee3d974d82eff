package dev.skiff.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Answer to a read by queue offset: a status, where to ask next, the queue bounds, and the
 * records (zero-copy views; close this to release them).
 */
public final class GetResult implements AutoCloseable {
    private final GetStatus status;
    private final long nextBeginOffset;
    private final long minOffset;
    private final long maxOffset;
    private final RecordLease lease;

    /** Made by the store implementation; {@code lease} holds the records and is closed with this. */
    public GetResult(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset, RecordLease lease) {
        this.status = status;
        this.nextBeginOffset = nextBeginOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
        this.lease = lease;
    }

    public GetStatus status() {
        return status;
    }

    public long nextBeginOffset() {
        return nextBeginOffset;
    }

    public long minOffset() {
        return minOffset;
    }

    public long maxOffset() {
        return maxOffset;
    }

    public List<SelectedRecord> records() {
        return lease.records();
    }

    /** The records joined into runs of adjacent bytes ({@link RecordLease#joinedViews()}). */
    public List<ByteBuffer> joinedViews() {
        return lease.joinedViews();
    }

    public int totalBytes() {
        return lease.totalBytes();
    }

    /** Releases the mapped segments behind the records. */
    @Override
    public void close() {
        lease.close();
    }

    @Override
    public String toString() {
        return "GetResult[" + status + ", next=" + nextBeginOffset + ", min=" + minOffset + ", max=" + maxOffset
                + ", records=" + lease.count() + "]";
    }
}
