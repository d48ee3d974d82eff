package dev.skiff.common;

final class SystemClock implements SkiffClock {
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
    }

    @Override
    public long monotonicNs() {
        return System.nanoTime();
    }
}
