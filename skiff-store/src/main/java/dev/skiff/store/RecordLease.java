package dev.skiff.store;

import dev.skiff.store.file.MappedSegment;
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
