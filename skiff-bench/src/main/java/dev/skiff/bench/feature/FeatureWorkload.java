package dev.skiff.bench.feature;

/**
 * One feature benchmark. {@link #run} starts the system's servers in the topology the workload
 * needs, measures, stops them by PID and returns the figures; every wait inside is bounded.
 */
public interface FeatureWorkload {
    /** Short name used on the command line ({@code repl-sync}, {@code timers}, ...). */
    String id();

    /** One line for the table heading. */
    String title();

    /** Runs on {@code system} ("skiff" or "apache"). */
    Figures run(String system, FeatureContext context) throws Exception;
}
