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
        long[] dues = NO_OFFSETS;
        int n;
        int next;
        /** How many of the timers came from the slot's chain in the timer log (not overdue ones). */
        int fromLog;
        /** No undelivered timer of the slot is due before this (Long.MAX_VALUE: none known). */
        long earliestPendingMs = Long.MAX_VALUE;

        void add(long offset, int size, long dueMs, boolean logged) {
            if (n == offsets.length) {
                int grown = Math.max(4, n * 2);
                offsets = Arrays.copyOf(offsets, grown);
                sizes = Arrays.copyOf(sizes, grown);
                dues = Arrays.copyOf(dues, grown);
            }
            offsets[n] = offset;
            sizes[n] = size;
            dues[n] = dueMs;
            n++;
            earliestPendingMs = Math.min(earliestPendingMs, dueMs);
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
                long d = dues[i];
                dues[i] = dues[j];
                dues[j] = d;
            }
        }

        /**
         * Moves the undelivered timers due at or before {@code nowMs} to the front of the
         * undelivered part ({@code next} on), each group keeping its order, and returns how many
         * they are; {@link #earliestPendingMs} becomes the earliest time among the others.
         */
        int dueFirst(long nowMs) {
            int later = 0;
            long[] laterOffsets = new long[n - next];
            int[] laterSizes = new int[n - next];
            long[] laterDues = new long[n - next];
            int w = next;
            long earliest = Long.MAX_VALUE;
            for (int i = next; i < n; i++) {
                if (dues[i] <= nowMs) {
                    offsets[w] = offsets[i];
                    sizes[w] = sizes[i];
                    dues[w] = dues[i];
                    w++;
                } else {
                    laterOffsets[later] = offsets[i];
                    laterSizes[later] = sizes[i];
                    laterDues[later] = dues[i];
                    earliest = Math.min(earliest, dues[i]);
                    later++;
                }
            }
            System.arraycopy(laterOffsets, 0, offsets, w, later);
            System.arraycopy(laterSizes, 0, sizes, w, later);
            System.arraycopy(laterDues, 0, dues, w, later);
            earliestPendingMs = earliest;
            return w - next;
        }

        void clear() {
            if (offsets.length > 1024) {
                offsets = NO_OFFSETS;
                sizes = NO_SIZES;
                dues = NO_OFFSETS;
            }
            n = 0;
            next = 0;
            fromLog = 0;
            earliestPendingMs = Long.MAX_VALUE;
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

    void add(long slot, long offset, int size, long dueMs, boolean logged) {
        if (!isLoaded(slot)) {
            throw new IllegalStateException("slot " + slot + " is not in memory");
        }
        bucket(slot).add(offset, size, dueMs, logged);
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
