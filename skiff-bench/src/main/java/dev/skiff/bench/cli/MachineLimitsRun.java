package dev.skiff.bench.cli;

import dev.skiff.bench.client.OfficialLoadClient;
import dev.skiff.bench.harness.MachineLimits;
import dev.skiff.bench.harness.SystemResult;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import dev.skiff.bench.limits.DiskBandwidth;
import dev.skiff.bench.limits.LoopbackBandwidth;
import dev.skiff.bench.limits.NullBroker;
import dev.skiff.bench.workload.BrokerProbe;
import dev.skiff.bench.workload.WorkloadRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Measures the machine's ceilings: disk, loopback, and the null broker under {@code specs}. */
final class MachineLimitsRun {
    private MachineLimitsRun() {}

    static MachineLimits measure(PrintStream out, Path dataDir, List<WorkloadSpec> nullSpecs) throws Exception {
        out.printf("[limits] data disk under %s ...%n", dataDir);
        DiskBandwidth.Result disk = DiskBandwidth.measure(dataDir, 256, 256, 500);
        out.printf(
                Locale.ROOT,
                "[limits] disk: %,.0f MiB/s into the page cache, %,.0f MiB/s with one fsync at the end,"
                        + " %,.0f MiB/s with fsync per MiB, %,.0f 4 KiB fsyncs/s%n",
                disk.cacheWriteMiBps(),
                disk.writeThenSyncMiBps(),
                disk.fsyncMiBps(),
                disk.fsync4kPerSecond());
        double loopback = LoopbackBandwidth.measure(Duration.ofSeconds(3));
        out.printf(Locale.ROOT, "[limits] loopback TCP: %,.0f MiB/s%n", loopback);
        SystemResult nul = nullBroker(out, nullSpecs);
        return new MachineLimits(
                disk.cacheWriteMiBps(),
                disk.writeThenSyncMiBps(),
                disk.fsyncMiBps(),
                disk.fsync4kPerSecond(),
                loopback,
                nul);
    }

    static SystemResult nullBroker(PrintStream out, List<WorkloadSpec> specs) throws Exception {
        List<WorkloadResult> results = new ArrayList<>();
        if (specs.isEmpty()) {
            return new SystemResult("null", Double.NaN, -1, -1, results);
        }
        try (NullBroker nul = new NullBroker(specs.getFirst().bodyBytes()).start();
                OfficialLoadClient client = new OfficialLoadClient(nul.address())) {
            out.printf("[limits] null broker on %s%n", nul.address());
            WorkloadRunner runner = new WorkloadRunner(client, BrokerProbe.NONE, "null", "Null", out);
            for (WorkloadSpec spec : specs) {
                results.add(runner.run(spec));
            }
        }
        return new SystemResult("null", Double.NaN, -1, -1, results);
    }
}
