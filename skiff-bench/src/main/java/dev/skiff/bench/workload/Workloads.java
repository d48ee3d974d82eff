package dev.skiff.bench.workload;

import dev.skiff.bench.harness.SendMode;
import dev.skiff.bench.harness.WorkloadKind;
import dev.skiff.bench.harness.WorkloadSpec;
import java.time.Duration;
import java.util.List;

/**
 * The eight workloads of the Skiff/Apache comparison (1 KiB bodies unless stated):
 *
 * <ol>
 *   <li>sync send, 16 threads;
 *   <li>async send, 1,000 in flight (4 sending threads);
 *   <li>sync send of batches of 32, 8 threads;
 *   <li>drain a pre-filled topic with a push consumer;
 *   <li>end-to-end latency at a fixed 10,000 msg/s (async send, receive time minus intended
 *       send time);
 *   <li>sync send, 16 threads, with the broker in SYNC_FLUSH;
 *   <li>100-byte bodies, async send, 1,000 in flight;
 *   <li>sync send, 16 threads, spread round robin over 1,000 topics of 4 queues.
 * </ol>
 */
public final class Workloads {
    public static final int BODY_BYTES = 1024;
    public static final int END_TO_END_RATE = 10_000;
    public static final int MANY_TOPICS = 1_000;

    private Workloads() {}

    /** The eight, each measured for {@code duration} after {@code warmup}; w4 drains {@code drainCount}. */
    public static List<WorkloadSpec> standard(Duration duration, Duration warmup, int drainCount) {
        return List.of(
                produce("w1", "sync send, 16 threads", 16, BODY_BYTES, 1, SendMode.SYNC, 0, duration, warmup),
                produce("w2", "async send, 1,000 in flight", 4, BODY_BYTES, 1, SendMode.ASYNC, 1000, duration, warmup),
                produce(
                        "w3",
                        "sync send, batches of 32, 8 threads",
                        8,
                        BODY_BYTES,
                        32,
                        SendMode.SYNC,
                        0,
                        duration,
                        warmup),
                new WorkloadSpec(
                        "w4",
                        "drain pre-filled messages with a push consumer",
                        WorkloadKind.DRAIN,
                        4,
                        BODY_BYTES,
                        32,
                        SendMode.ASYNC,
                        64,
                        0,
                        duration,
                        warmup, // non-zero: a warm-up drain first
                        false,
                        null,
                        1,
                        4,
                        drainCount,
                        false),
                new WorkloadSpec(
                        "w5",
                        "end-to-end latency at 10,000 msg/s",
                        WorkloadKind.END_TO_END,
                        1,
                        BODY_BYTES,
                        1,
                        SendMode.ASYNC,
                        1000,
                        END_TO_END_RATE,
                        duration,
                        warmup,
                        false,
                        null,
                        1,
                        4,
                        0,
                        false),
                new WorkloadSpec(
                        "w6",
                        "sync send, 16 threads, SYNC_FLUSH broker",
                        WorkloadKind.PRODUCE,
                        16,
                        BODY_BYTES,
                        1,
                        SendMode.SYNC,
                        0,
                        0,
                        duration,
                        warmup,
                        false,
                        null,
                        1,
                        4,
                        0,
                        true),
                produce(
                        "w7",
                        "100-byte bodies, async send, 1,000 in flight",
                        4,
                        100,
                        1,
                        SendMode.ASYNC,
                        1000,
                        duration,
                        warmup),
                new WorkloadSpec(
                        "w8",
                        "sync send, 16 threads, over 1,000 topics x 4 queues",
                        WorkloadKind.PRODUCE,
                        16,
                        BODY_BYTES,
                        1,
                        SendMode.SYNC,
                        0,
                        0,
                        duration,
                        warmup,
                        false,
                        null,
                        MANY_TOPICS,
                        4,
                        0,
                        false));
    }

    /** Looks up workloads by id ("w1,w3") in {@code all}, in the given order; "all" selects all. */
    public static List<WorkloadSpec> select(List<WorkloadSpec> all, String ids) {
        if (ids == null || ids.isBlank() || ids.equals("all")) {
            return all;
        }
        return java.util.Arrays.stream(ids.split(","))
                .map(String::trim)
                .map(id -> all.stream()
                        .filter(w -> w.id().equals(id))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown workload " + id + " (w1..w8)")))
                .toList();
    }

    private static WorkloadSpec produce(
            String id,
            String title,
            int threads,
            int bodyBytes,
            int batch,
            SendMode mode,
            int inFlight,
            Duration duration,
            Duration warmup) {
        return new WorkloadSpec(
                id,
                title,
                WorkloadKind.PRODUCE,
                threads,
                bodyBytes,
                batch,
                mode,
                inFlight,
                0,
                duration,
                warmup,
                false,
                null,
                1,
                4,
                0,
                false);
    }
}
