package dev.skiff.store.queue;

/** A reusable run of consume-queue entries as parallel primitive arrays. */
public final class EntryBatch {
    private long[] physicalOffsets;
    private int[] sizes;
    private long[] tagsCodes;
    private int count;

    public EntryBatch(int capacity) {
        physicalOffsets = new long[capacity];
        sizes = new int[capacity];
        tagsCodes = new long[capacity];
    }

    void clear() {
        count = 0;
    }

    void add(long physicalOffset, int size, long tagsCode) {
        if (count == sizes.length) {
            int n = sizes.length * 2;
            physicalOffsets = java.util.Arrays.copyOf(physicalOffsets, n);
            sizes = java.util.Arrays.copyOf(sizes, n);
            tagsCodes = java.util.Arrays.copyOf(tagsCodes, n);
        }
        physicalOffsets[count] = physicalOffset;
        sizes[count] = size;
        tagsCodes[count] = tagsCode;
        count++;
    }

    public int count() {
        return count;
    }

    public long physicalOffset(int i) {
        return physicalOffsets[i];
    }

    public int size(int i) {
        return sizes[i];
    }

    public long tagsCode(int i) {
        return tagsCodes[i];
    }
}
