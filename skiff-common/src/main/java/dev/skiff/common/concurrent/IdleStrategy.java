package dev.skiff.common.concurrent;

import java.util.concurrent.locks.LockSupport;

/**
 * What a duty-cycle thread does after a round of {@link Agent#doWork}: nothing when there was
 * work, otherwise a backoff from spinning to yielding to parking up to a bound. {@link
 * AgentRunner#wake} unparks a parked thread at once, so a parking bound of tens of milliseconds
 * costs no latency when producers wake the agent.
 */
public interface IdleStrategy {

    /** Called after each round with the work it did. */
    void idle(int workCount);

    /** Spins {@code spins} rounds, yields {@code yields} rounds, then parks from 1 µs doubling to {@code maxParkNs}. */
    static IdleStrategy backoff(int spins, int yields, long maxParkNs) {
        if (spins < 0 || yields < 0 || maxParkNs < 1_000) {
            throw new IllegalArgumentException("bad backoff: " + spins + ", " + yields + ", " + maxParkNs);
        }
        return new IdleStrategy() {
            private long idleRounds;
            private long parkNs = 1_000;

            @Override
            public void idle(int workCount) {
                if (workCount > 0) {
                    idleRounds = 0;
                    parkNs = 1_000;
                    return;
                }
                idleRounds++;
                if (idleRounds <= spins) {
                    Thread.onSpinWait();
                } else if (idleRounds <= (long) spins + yields) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, parkNs);
                    parkNs = Math.min(parkNs * 2, maxParkNs);
                }
            }
        };
    }

    /** Parks {@code parkNs} whenever a round found no work (for background duties that may lag). */
    static IdleStrategy sleeping(long parkNs) {
        return workCount -> {
            if (workCount <= 0) {
                LockSupport.parkNanos(parkNs);
            }
        };
    }
}
