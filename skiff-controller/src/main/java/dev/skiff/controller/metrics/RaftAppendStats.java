package dev.skiff.controller.metrics;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.metrics.Buckets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Commands this peer replicated through Raft (submitted and waited for until applied), as the
 * official controller counts its DLedger appends: {@code dledger_op_total} with {@code
 * dledger_operation="append"} and {@code dLedger_operation_status} success / failed / timeout, and
 * {@code dledger_op_latency} (microseconds, successful appends only, the official buckets of {@link
 * ControllerRequestStats}). Fixed counters: recording allocates nothing.
 */
public final class RaftAppendStats {
    private final LongAdder[] counts = new LongAdder[OpStatus.values().length];
    private final Buckets latencyUs = new Buckets(ControllerRequestStats.BOUNDS_US);
    private final SkiffClock clock;

    public RaftAppendStats(SkiffClock clock) {
        this.clock = clock;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public long startNs() {
        return clock.monotonicNs();
    }

    /** Counts one append that began at {@code startNs}. */
    public void record(OpStatus status, long startNs) {
        counts[status.ordinal()].increment();
        if (status == OpStatus.SUCCESS) {
            latencyUs.observe(Math.max(0, clock.monotonicNs() - startNs) / 1_000);
        }
    }

    public long count(OpStatus status) {
        return counts[status.ordinal()].sum();
    }

    public Buckets latencyUs() {
        return latencyUs;
    }
}
