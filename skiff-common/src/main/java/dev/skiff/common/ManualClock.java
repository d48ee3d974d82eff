package dev.skiff.common;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; for tests and simulations. */
public final class ManualClock implements SkiffClock {
    private final AtomicLong nowMs;
    private final AtomicLong monotonicNs = new AtomicLong();

    public ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    @Override
    public long nowMs() {
        return nowMs.get();
    }

    @Override
    public long monotonicNs() {
        return monotonicNs.get();
    }

    /** Moves both the wall clock and the monotonic clock forward. */
    public void advanceMs(long deltaMs) {
        if (deltaMs < 0) {
            throw new IllegalArgumentException("time only moves forward: " + deltaMs);
        }
        nowMs.addAndGet(deltaMs);
        monotonicNs.addAndGet(deltaMs * 1_000_000L);
    }
}
