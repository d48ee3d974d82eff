package dev.skiff.broker.timer;

import java.nio.file.Path;

/**
 * What the timer needs to know, from the broker config ({@code timerPrecisionMs}, {@code
 * timerMaxDelaySec}, {@code timerWheelWindowMs}, {@code timerWheelEntriesMax}) and the store root.
 *
 * @param storeRoot where {@code timerlog/} and {@code timercheck} live
 * @param precisionMs slot width
 * @param maxDelaySec longest delay accepted (sizes the slot index)
 * @param windowMs how far ahead slots are loaded into memory
 * @param entriesMax most timers held in memory by loading ahead
 * @param segmentBytes timer-log segment size, a multiple of {@link TimerLog#ENTRY_BYTES}
 */
public record TimerSettings(
        Path storeRoot, int precisionMs, int maxDelaySec, long windowMs, int entriesMax, int segmentBytes) {
    /** Default segment: 1 Mi entries, 48 MiB. */
    public static final int SEGMENT_BYTES_DEFAULT = TimerLog.ENTRY_BYTES << 20;
    /** Most cells of the slot index (20 bytes each, so at most 40 MiB). */
    static final int SLOT_CELLS_MAX = 1 << 21;

    public TimerSettings {
        if (precisionMs < 1 || windowMs < precisionMs || entriesMax < 1 || maxDelaySec < 1) {
            throw new IllegalArgumentException("timer settings out of range: " + precisionMs + " ms precision, "
                    + windowMs + " ms window, " + entriesMax + " entries, " + maxDelaySec + " s max delay");
        }
    }

    int windowSlots() {
        return (int) Math.min(Integer.MAX_VALUE - 8, (windowMs + precisionMs - 1) / precisionMs);
    }

    /** Cells of the slot index: enough that one cell holds one slot number at a time, capped. */
    int slotCells() {
        long cells = (maxDelaySec * 1000L + precisionMs - 1) / precisionMs + windowSlots() + 2L;
        return (int) Math.min(SLOT_CELLS_MAX, Math.max(cells, windowSlots() + 2L));
    }

    /** The slot of a timer due at {@code deliverMs}: its time divided by the slot width, rounded up. */
    long slotOf(long deliverMs) {
        return slotOf(deliverMs, precisionMs);
    }

    /** The slot of a timer due at {@code deliverMs} in slots {@code precisionMs} wide, rounded up. */
    static long slotOf(long deliverMs, long precisionMs) {
        return Math.floorDiv(deliverMs, precisionMs) + (Math.floorMod(deliverMs, precisionMs) == 0 ? 0 : 1);
    }

    Path logDir() {
        return storeRoot.resolve("timerlog");
    }

    Path checkpointFile() {
        return storeRoot.resolve("timercheck");
    }
}
