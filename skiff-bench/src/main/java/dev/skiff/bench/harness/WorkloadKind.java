package dev.skiff.bench.harness;

/** What a workload measures. */
public enum WorkloadKind {
    /** Producers send for a fixed time; throughput and send latency. */
    PRODUCE,
    /** A topic is pre-filled, then a push consumer reads it all; throughput of the read. */
    DRAIN,
    /** Producers send at a fixed rate; a push consumer records receive time minus intended send time. */
    END_TO_END
}
