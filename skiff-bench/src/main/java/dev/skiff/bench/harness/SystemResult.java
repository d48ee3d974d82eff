package dev.skiff.bench.harness;

import java.util.List;
import java.util.Optional;

/**
 * Everything measured on one system in a run.
 *
 * @param system "skiff", "apache" or "null"
 * @param startupMs broker process start until the first successful send, NaN if not measured
 * @param idleRssKb broker VmRSS right after that first send, -1 if unknown
 * @param idleAnonKb broker RssAnon at the same moment, -1 if unknown
 * @param workloads in the order they ran
 */
public record SystemResult(
        String system, double startupMs, long idleRssKb, long idleAnonKb, List<WorkloadResult> workloads) {

    public SystemResult {
        workloads = List.copyOf(workloads);
    }

    public Optional<WorkloadResult> workload(String id) {
        return workloads.stream().filter(w -> w.workload().equals(id)).findFirst();
    }

    /** The highest loaded VmRSS over all workloads, -1 if unknown. */
    public long peakRssKb() {
        return workloads.stream().mapToLong(WorkloadResult::loadedRssKb).max().orElse(-1);
    }

    /** The highest loaded RssAnon over all workloads, -1 if unknown. */
    public long peakAnonKb() {
        return workloads.stream().mapToLong(WorkloadResult::loadedAnonKb).max().orElse(-1);
    }
}
