package dev.skiff.controller.it;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;

/**
 * A real scheduler whose periodic duties a test can hold: while held, a periodic run does nothing
 * (the duty keeps its schedule), while one-off tasks run as usual. So a test can show that
 * something happened because of a one-off task, not because a periodic run came round.
 */
final class HeldScanScheduler implements Scheduler {
    private final ThreadScheduler delegate;
    private volatile boolean held;

    HeldScanScheduler(String name, SkiffClock clock) {
        this.delegate = new ThreadScheduler(name, 1, clock);
    }

    /** Holds (true) or releases (false) every periodic duty. */
    void holdPeriodic(boolean hold) {
        this.held = hold;
    }

    @Override
    public SkiffClock clock() {
        return delegate.clock();
    }

    @Override
    public Cancellable scheduleWithFixedDelay(String name, long initialDelayMs, long delayMs, Runnable duty) {
        return delegate.scheduleWithFixedDelay(name, initialDelayMs, delayMs, () -> {
            if (!held) {
                duty.run();
            }
        });
    }

    @Override
    public Cancellable schedule(String name, long delayMs, Runnable task) {
        return delegate.schedule(name, delayMs, task);
    }

    @Override
    public long failures(String name) {
        return delegate.failures(name);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
