package dev.skiff.store.engine;

import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.file.MappedSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The store's {@link RecordLease}: records read from mapped commit-log segments, each segment held
 * by one reference taken while filling (so retention cannot unmap it) and released at close.
 * Filled by one reader thread, then handed to the caller.
 */
final class SegmentLease implements RecordLease {
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

    @Override
    public List<SelectedRecord> records() {
        return Collections.unmodifiableList(records);
    }

    @Override
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

    @Override
    public int count() {
        return records.size();
    }

    @Override
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
