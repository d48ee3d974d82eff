package dev.skiff.bench.workload;

import java.time.Duration;

/**
 * When a warm-up has done its job: the JIT compilers of the broker and of the load JVM have gone
 * quiet, so the measured window counts the cost of compiled code rather than of compiling it.
 *
 * <p>A timed warm-up alone is not enough when a run is slow to start: with authentication on, the
 * official client's signing makes the first seconds of a run far slower, so after the usual 5 s
 * both JVMs had seen too few requests and their C2 threads were still compiling the send path (the
 * guard inlined into it makes those units large) during the measured window. That compiling was
 * counted as broker and client CPU per message (two and a half times the steady figure on a loaded
 * machine). So after the timed warm-up the runner keeps sending in windows of {@link #STEP} until a
 * window in which each JVM's compiler threads used at most {@link #QUIET_SHARE} of one core, for at
 * most {@link #EXTRA_MAX} more. The runner does this only for a broker in a process of its own
 * (compare, or run with {@code --pid}); an unknown figure (NaN: no {@code /proc}) counts as quiet,
 * so the warm-up is never extended on a guess.
 */
final class JitSettle {
    /** Compiler CPU seconds per second of a window at or below which a JVM counts as warmed up. */
    static final double QUIET_SHARE = 0.05;

    static final Duration STEP = Duration.ofSeconds(2);
    static final Duration EXTRA_MAX = Duration.ofSeconds(60);

    private JitSettle() {}

    /**
     * Whether a window of {@code windowSeconds} in which the broker's compiler threads used {@code
     * brokerCompilerSeconds} of CPU and the load JVM's {@code clientCompilerSeconds} shows both
     * JVMs warmed up.
     */
    static boolean quiet(double brokerCompilerSeconds, double clientCompilerSeconds, double windowSeconds) {
        if (!(windowSeconds > 0)) {
            throw new IllegalArgumentException("window must be positive: " + windowSeconds);
        }
        return quiet(brokerCompilerSeconds, windowSeconds) && quiet(clientCompilerSeconds, windowSeconds);
    }

    private static boolean quiet(double compilerSeconds, double windowSeconds) {
        return Double.isNaN(compilerSeconds) || compilerSeconds / windowSeconds <= QUIET_SHARE;
    }
}
