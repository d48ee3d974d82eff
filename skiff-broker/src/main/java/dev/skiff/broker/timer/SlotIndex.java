package dev.skiff.broker.timer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Where each wheel slot's timers are in the {@link TimerLog}: a hashed wheel of {@code slotCount}
 * cells, slot number {@code n} (delivery time / precision, rounded up) in cell {@code n mod
 * slotCount}. A cell holds the position of the newest entry of its chain (each entry names the
 * previous one of its cell), how many live (not yet fired) entries the chain holds, and a lower
 * bound of their slot numbers. Memory is fixed by the cell count (20 bytes a cell), not by how
 * many timers are pending.
 *
 * <p>With {@code slotCount} above the longest delay plus the in-memory window (the default), a
 * cell holds one slot number at a time. When fewer cells are configured, or the timer falls far
 * behind, one chain may hold several slot numbers; whoever fires a slot walks the chain and takes
 * only the entries of that slot, so nothing fires early or twice. Rebuilt from the timer log at
 * each start (one sequential read), so it has no file of its own. Owned by the timer thread.
 */
final class SlotIndex {
    private final int slotCount;
    private final long[] head;
    private final long[] minSlot;
    /** Written by the timer thread only; read by senders too ({@link #liveInCell}, flow control). */
    private final AtomicIntegerArray count;

    private long live;

    SlotIndex(int slotCount) {
        if (slotCount < 2) {
            throw new IllegalArgumentException("a wheel needs at least 2 slots: " + slotCount);
        }
        this.slotCount = slotCount;
        this.head = new long[slotCount];
        this.minSlot = new long[slotCount];
        this.count = new AtomicIntegerArray(slotCount);
        Arrays.fill(head, -1);
        Arrays.fill(minSlot, Long.MAX_VALUE);
    }

    int cell(long slot) {
        return (int) Math.floorMod(slot, (long) slotCount);
    }

    /** The newest entry of the slot's cell, -1 when none: the {@code prevPos} of the next one. */
    long head(long slot) {
        return head[cell(slot)];
    }

    /** Records that the live entry at {@code pos}, of {@code slot}, is the cell's newest. */
    void linked(long slot, long pos) {
        int c = cell(slot);
        head[c] = pos;
        count.incrementAndGet(c);
        minSlot[c] = Math.min(minSlot[c], slot);
        live++;
    }

    /**
     * Live entries in the slot's cell (of this slot and, rarely, of other slot numbers). Any
     * thread may ask; another thread than the timer's sees a recent value.
     */
    int liveInCell(long slot) {
        return count.get(cell(slot));
    }

    /** Whether the slot's cell may hold entries of {@code slot}. */
    boolean mayHold(long slot) {
        int c = cell(slot);
        return count.get(c) > 0 && minSlot[c] <= slot;
    }

    /** Records that {@code fired} entries of {@code slot} fired; the cell empties when none is left. */
    void fired(long slot, int fired) {
        int c = cell(slot);
        int held = count.get(c);
        if (fired > held) {
            throw new IllegalStateException("slot " + slot + " fired " + fired + " timers but held " + held);
        }
        count.set(c, held - fired);
        live -= fired;
        if (held == fired) {
            head[c] = -1;
            minSlot[c] = Long.MAX_VALUE;
        } else {
            minSlot[c] = Math.max(minSlot[c], slot + 1);
        }
    }

    /** Timers linked and not yet fired. */
    long live() {
        return live;
    }

    int slotCount() {
        return slotCount;
    }
}
