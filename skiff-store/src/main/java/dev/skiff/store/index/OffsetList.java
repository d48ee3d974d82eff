package dev.skiff.store.index;

import java.util.Arrays;

/** A growable list of longs without boxing. */
public final class OffsetList {
    private long[] values = new long[16];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public int size() {
        return size;
    }

    public long get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i];
    }

    public boolean contains(long v) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }
}
