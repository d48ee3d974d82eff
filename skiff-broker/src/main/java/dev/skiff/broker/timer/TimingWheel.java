package dev.skiff.broker.timer;

import java.util.Arrays;

/**
 * The near future in memory: for each slot from the next to fire ({@link #firstSlot}) up to, not
 * including, {@link #loadedTo}, the commit-log offset and size of every timer of that slot. Holds
 * at most {@code windowSlots} slots; how many timers it holds in total is the caller's to bound
 * ({@link #size}), and {@link #unloadFrom} gives memory back. Owned by the timer thread.
 */
final class TimingWheel {
    /** One slot's timers; {@code next} is how many of them are delivered already. */
    static final class Bucket {
        private static final long[] NO_OFFSETS = new long[0];
        private static final int[] NO_SIZES = new int[0];

        long[] offsets = NO_OFFSETS;
        int[] sizes = NO_SIZES;
        int n;
        int next;
        /** How many of the timers came from the slot's chain in the timer log (not overdue ones). */
        int fromLog;

        void add(long offset, int size, boolean logged) {
            if (n == offsets.length) {
                offsets = Arrays.copyOf(offsets, Math.max(4, n * 2));
                sizes = Arrays.copyOf(sizes, Math.max(4, n * 2));
            }
            offsets[n] = offset;
            sizes[n] = size;
            n++;
            if (logged) {
                fromLog++;
            }
        }

        /**
         * Reverses the timers from index {@code from} on: a slot's chain is read newest first, so
         * this puts what one load added back in the order the timers were taken in.
         */
        void reverseFrom(int from) {
            for (int i = from, j = n - 1; i < j; i++, j--) {
                long o = offsets[i];
                offsets[i] = offsets[j];
                offsets[j] = o;
                int z = sizes[i];
                sizes[i] = sizes[j];
                sizes[j] = z;
            }
        }

        void clear() {
            if (offsets.length > 1024) {
                offsets = NO_OFFSETS;
                sizes = NO_SIZES;
            }
            n = 0;
            next = 0;
            fromLog = 0;
        }
    }

    private final Bucket[] ring;
    private long firstSlot;
    private long loadedTo;
    private long size;

    TimingWheel(int windowSlots, long firstSlot) {
        if (windowSlots < 1) {
            throw new IllegalArgumentException("the wheel window needs at least one slot");
        }
        this.ring = new Bucket[windowSlots];
        for (int i = 0; i < windowSlots; i++) {
            ring[i] = new Bucket();
        }
        this.firstSlot = firstSlot;
        this.loadedTo = firstSlot;
    }

    long firstSlot() {
        return firstSlot;
    }

    long loadedTo() {
        return loadedTo;
    }

    /** Whether the slot is in memory (so a timer of it enqueued now must be added here too). */
    boolean isLoaded(long slot) {
        return slot >= firstSlot && slot < loadedTo;
    }

    /** Whether one more slot fits in the window. */
    boolean hasRoom() {
        return loadedTo - firstSlot < ring.length;
    }

    /** The bucket of {@code loadedTo}, now counted as loaded; fill it before anything else. */
    Bucket loadNext() {
        if (!hasRoom()) {
            throw new IllegalStateException("the wheel window is full");
        }
        Bucket b = bucket(loadedTo);
        b.clear();
        loadedTo++;
        return b;
    }

    void add(long slot, long offset, int size, boolean logged) {
        if (!isLoaded(slot)) {
            throw new IllegalStateException("slot " + slot + " is not in memory");
        }
        bucket(slot).add(offset, size, logged);
        this.size++;
    }

    Bucket bucket(long slot) {
        return ring[(int) Math.floorMod(slot, (long) ring.length)];
    }

    /** Drops the first slot (all delivered) and moves on to the next. */
    void advance() {
        if (loadedTo == firstSlot) {
            loadedTo++;
        } else {
            Bucket b = bucket(firstSlot);
            size -= b.n;
            b.clear();
        }
        firstSlot++;
    }

    /** Forgets the slots from {@code slot} on (they stay in the timer log and load again later). */
    void unloadFrom(long slot) {
        long from = Math.max(slot, firstSlot + 1);
        for (long s = from; s < loadedTo; s++) {
            Bucket b = bucket(s);
            size -= b.n;
            b.clear();
        }
        loadedTo = Math.min(loadedTo, from);
    }

    /** Timers held in memory. */
    long size() {
        return size;
    }
}
