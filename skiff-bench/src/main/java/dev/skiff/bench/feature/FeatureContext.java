package dev.skiff.bench.feature;

import dev.skiff.bench.process.Servers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every feature workload gets: servers with a chosen heap, a data folder of its own, the
 * console, and the run's measured and warm-up times.
 *
 * @param servers server launcher for a heap size such as {@code 1g} or {@code 512m}
 * @param heap the run's default broker heap
 * @param work folder under which each workload and system gets a fresh data folder
 * @param out the console
 * @param duration measured time of the timed workloads
 * @param warmup unmeasured time before it
 */
public record FeatureContext(
        Function<String, Servers> servers,
        String heap,
        Path work,
        PrintStream out,
        Duration duration,
        Duration warmup) {

    /** A fresh folder for {@code workload} on {@code system}. */
    public Path dir(String workload, String system) {
        return work.resolve(workload + "-" + system);
    }
}
