package dev.skiff.store;

import dev.skiff.store.file.MappedSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records read from the commit log, with the references to the segments they live in. Until
 * {@link #close()} the segments stay mapped even if retention deletes them; after it, the views
 * must not be used. Closing twice is harmless.
 */
public final class RecordLease implements AutoCloseable {
    private final List<SelectedRecord> records = new ArrayList<>();
    private final List<MappedSegment> held = new ArrayList<>(2);
    private int totalBytes;
    private boolean closed;

    /** Returns the segment if already held; used while filling. */
    MappedSegment heldFor(long offset) {
        for (int i = held.size() - 1; i >= 0; i--) {
            MappedSegment s = held.get(i);
            if (offset >= s.startOffset() && offset < s.endOffset()) {
                return s;
            }
        }
        return null;
    }

    /** Takes over a reference the caller retained. */
    void hold(MappedSegment s) {
        held.add(s);
    }

    void add(SelectedRecord r) {
        records.add(r);
        totalBytes += r.size();
    }

    /** Forgets the last record added (rejected by a record filter); its segment stays held. */
    void dropLast() {
        SelectedRecord r = records.remove(records.size() - 1);
        totalBytes -= r.size();
    }

    public List<SelectedRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /**
     * The records as few views as possible: records that lie next to each other in one segment
     * share one view (a batch sent to one queue, or a topic with one queue, is a single run of the
     * log). A response body made of these costs one buffer per run instead of one per record.
     */
    public List<ByteBuffer> joinedViews() {
        if (closed) {
            throw new IllegalStateException("the lease is closed");
        }
        List<ByteBuffer> views = new ArrayList<>();
        int i = 0;
        while (i < records.size()) {
            SelectedRecord first = records.get(i++);
            long start = first.physicalOffset();
            long end = start + first.size();
            MappedSegment seg = heldFor(start);
            if (seg == null) {
                views.add(first.buffer());
                continue;
            }
            // records never straddle segments, so one starting before the segment's end is in it
            while (i < records.size() && records.get(i).physicalOffset() == end && end < seg.endOffset()) {
                end += records.get(i++).size();
            }
            views.add(seg.readView((int) (start - seg.startOffset()), (int) (end - start)));
        }
        return views;
    }

    public int count() {
        return records.size();
    }

    public int totalBytes() {
        return totalBytes;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MappedSegment s : held) {
            s.release();
        }
        held.clear();
    }
}
