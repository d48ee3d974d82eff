package dev.skiff.bench.harness;

/**
 * The ceilings of this machine measured in the same run.
 *
 * @param diskWriteMiBps sequential 1 MiB writes to the data disk into the page cache, no fsync
 * @param diskWriteThenSyncMiBps the same writes with one fsync of them all at the end, included
 * @param diskFsyncMiBps sequential 1 MiB writes, each followed by fsync
 * @param fsync4kPerSecond 4 KiB append + fsync round trips per second (what a sync-flush broker
 *     pays per group commit)
 * @param loopbackMiBps one TCP stream over 127.0.0.1, 64 KiB writes
 * @param nullBroker the harness's null broker under the same workloads and client
 */
public record MachineLimits(
        double diskWriteMiBps,
        double diskWriteThenSyncMiBps,
        double diskFsyncMiBps,
        double fsync4kPerSecond,
        double loopbackMiBps,
        SystemResult nullBroker) {}
