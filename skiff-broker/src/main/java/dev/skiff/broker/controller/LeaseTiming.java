package dev.skiff.broker.controller;

/**
 * How long a master in controller mode may write without hearing from the controller leader: its
 * lease, the heartbeat timeout less a safety margin. The leader elects a new master no sooner than
 * one heartbeat timeout after the last heartbeat it recorded from the old one; a lease shorter by
 * the margin makes the old master stop writing at least that long before, which absorbs a pause
 * between the lease check and the append, a clock that runs slower than the leader's, and the
 * leader's scan catching up late in the other direction.
 *
 * <p>Rule: {@code margin = max(configured margin, timeout / 4)}, {@code lease = timeout - margin},
 * but never below {@code timeout / 4} (a margin configured larger than three quarters of the timeout
 * makes a short lease, not a negative one: a shorter lease is only ever safer). With the defaults
 * (timeout 10 s, margin 1 s) the lease is 7.5 s; with a 3 s timeout it is 2 s.
 */
public record LeaseTiming(long heartbeatTimeoutMs, long leaseMs) {
    public LeaseTiming {
        if (leaseMs <= 0 || leaseMs >= heartbeatTimeoutMs) {
            throw new IllegalArgumentException(
                    "lease " + leaseMs + " ms must be shorter than the heartbeat timeout " + heartbeatTimeoutMs);
        }
    }

    /** The lease for a heartbeat timeout and a configured margin (both positive, ms). */
    public static LeaseTiming of(long heartbeatTimeoutMs, long marginMs) {
        if (heartbeatTimeoutMs < 4 || marginMs <= 0) {
            throw new IllegalArgumentException(
                    "heartbeat timeout " + heartbeatTimeoutMs + " ms and margin " + marginMs + " ms must be positive");
        }
        long quarter = heartbeatTimeoutMs / 4;
        long margin = Math.max(marginMs, quarter);
        return new LeaseTiming(heartbeatTimeoutMs, Math.max(quarter, heartbeatTimeoutMs - margin));
    }

    /** The margin actually kept between the end of the lease and the earliest election. */
    public long marginMs() {
        return heartbeatTimeoutMs - leaseMs;
    }

    /** The replica-poll period: a third of the lease (at least 100 ms), at most {@code configuredMs}. */
    public long pollMs(long configuredMs) {
        return Math.min(configuredMs, Math.max(100, leaseMs / 3));
    }
}
