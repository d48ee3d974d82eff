package dev.skiff.common;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a component takes its random choices from, injected like {@link SkiffClock}: {@link
 * #THREAD_LOCAL} in production (no lock, no shared state), {@link #seeded} in tests and
 * simulations, so a run can be repeated choice for choice.
 */
@FunctionalInterface
public interface RandomSource {
    /** Each thread's own generator. */
    RandomSource THREAD_LOCAL = bound -> ThreadLocalRandom.current().nextInt(bound);

    /** A uniformly chosen int in {@code [0, bound)}; {@code bound} must be positive. */
    int nextInt(int bound);

    /** A repeatable sequence from {@code seed}; safe to share between threads (they take turns). */
    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return bound -> {
            synchronized (random) {
                return random.nextInt(bound);
            }
        };
    }
}
