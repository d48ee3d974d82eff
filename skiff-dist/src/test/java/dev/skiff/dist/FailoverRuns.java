package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failover measurement, the same for every system: with {@link FailoverLoad} sending all the
 * time, each run waits for 100 more SEND_OKs, then fails the broker that answered the latest one
 * and takes the time until the first SEND_OK from another broker. The fault is SIGKILL ({@link
 * Fault#KILL}), or SIGSTOP ({@link Fault#PAUSE}: a hung master whose connections stay open, so only
 * heartbeat timeouts tell). A paused master is then woken with SIGCONT and watched for {@link
 * #WOKEN_WATCH_MS} ms: every SEND_OK it answers after another broker took over is a write of a
 * deposed master (counted as {@code staleAcks}). Then the failed broker is killed if still there
 * and restarted, and the run waits until it follows the new master. At the end every acknowledged
 * key is looked for with an official push consumer from the first offset: lost = acknowledged and
 * never consumed, duplicates = consumed more than once.
 */
final class FailoverRuns {
    /** What a run needs of a controller-mode cluster of separate processes. */
    interface Cluster {
        String namesrvAddr();

        /** The broker listening on {@code port}, or null. */
        String brokerAt(int port);

        /** SIGKILL, waiting (bounded) until the process is gone. */
        void kill(String broker) throws Exception;

        /** SIGSTOP: the process and its sockets stay, its threads stop. */
        void pause(String broker) throws Exception;

        /** SIGCONT. */
        void resume(String broker) throws Exception;

        /** Starts the broker again on its data and waits (bounded) until it follows the master. */
        void restartAsSlave(String broker) throws Exception;
    }

    /** How the master fails. */
    enum Fault {
        KILL,
        PAUSE;

        /** From {@code -Dskiff.failover.fault=kill|pause} (default kill). */
        static Fault fromProperty() {
            return valueOf(System.getProperty("skiff.failover.fault", "kill").toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The window, after the first 100 SEND_OKs, over which the steady send rate is taken. */
    static final long STEADY_WINDOW_MS = 15_000;

    /** How long a woken (SIGCONT) deposed master is watched for SEND_OKs. */
    static final long WOKEN_WATCH_MS = 5_000;

    /** The figures of one system; times in milliseconds, in run order. */
    record Figures(
            String system,
            Fault fault,
            List<Long> times,
            int acked,
            long failedSends,
            long lost,
            int duplicates,
            long staleAcks,
            double loadSeconds,
            double steadyAcksPerSecond) {
        long median() {
            List<Long> sorted = times.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        long max() {
            return times.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        String line() {
            return "FAILOVER_FIGURES system=" + system + " fault="
                    + fault.name().toLowerCase(java.util.Locale.ROOT)
                    + " runs=" + times.size() + " times=" + times + " median="
                    + median() + " ms max=" + max() + " ms acked=" + acked + " failedSends=" + failedSends
                    + " lost=" + lost + " duplicates=" + duplicates + " staleAcks=" + staleAcks
                    + String.format(
                            java.util.Locale.ROOT,
                            " loadSeconds=%.0f acksPerSecond=%.0f",
                            loadSeconds,
                            loadSeconds <= 0 ? 0 : acked / loadSeconds)
                    + String.format(java.util.Locale.ROOT, " steadyAcksPerSecond=%.0f", steadyAcksPerSecond);
        }
    }

    private FailoverRuns() {}

    /** {@code runs} kills of the master of {@code cluster} while {@code load} sends; then the count. */
    static Figures measure(String system, Cluster cluster, FailoverLoad load, int runs) throws Exception {
        return measure(system, cluster, load, runs, Fault.KILL);
    }

    /** {@code runs} failures of the master of {@code cluster} while {@code load} sends; then the count. */
    static Figures measure(String system, Cluster cluster, FailoverLoad load, int runs, Fault fault) throws Exception {
        List<Long> times = new ArrayList<>();
        long staleAcks = 0;
        double steady = Double.NaN;
        for (int run = 1; run <= runs; run++) {
            // the first run also waits for the route and the first election of a cluster that has
            // just started (seven JVMs at once on a loaded machine): more time than later runs
            assertThat(load.awaitMoreAcks(100, run == 1 ? 240_000 : 60_000))
                    .as("%s run %d: 100 more SEND_OK", system, run)
                    .isTrue();
            if (run == 1) { // one sync producer thread, no fault: the send rate the failovers interrupt
                int before = load.acked().size();
                Thread.sleep(STEADY_WINDOW_MS); // a measuring window, not a wait for a condition
                steady = (load.acked().size() - before) * 1000.0 / STEADY_WINDOW_MS;
            }
            int port = load.lastOkPort();
            String master = cluster.brokerAt(port);
            long killedAt = System.nanoTime();
            String killedAtClock = java.time.LocalTime.now().toString(); // to find the run in the kept logs
            if (fault == Fault.KILL) {
                cluster.kill(master);
            } else {
                cluster.pause(master);
            }
            long okAt = load.awaitOkElsewhere(killedAt, port, 60_000);
            assertThat(okAt).as("%s run %d: a new master answered", system, run).isPositive();
            long ms = TimeUnit.NANOSECONDS.toMillis(okAt - killedAt);
            times.add(ms);
            long stale = 0;
            if (fault == Fault.PAUSE) {
                long before = load.oksFrom(port);
                cluster.resume(master);
                Thread.sleep(WOKEN_WATCH_MS); // an observation window, not a wait for a condition
                stale = load.oksFrom(port) - before;
                staleAcks += stale;
                cluster.kill(master);
            }
            System.out.println("FAILOVER_RUN " + system + " " + run + " " + ms + " ms " + master + " -> "
                    + cluster.brokerAt(load.lastOkPort()) + (fault == Fault.PAUSE ? " staleAcks=" + stale : "")
                    + " fault at " + killedAtClock);
            cluster.restartAsSlave(master);
        }
        load.halt();
        Set<String> acked = new HashSet<>(load.acked().keySet());
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        ControllerQuorumProcessTest.consumeAll(cluster.namesrvAddr(), acked, seen, new ConcurrentHashMap<>(), 120);
        long lost = acked.stream().filter(k -> !seen.containsKey(k)).count();
        int duplicates = seen.values().stream().mapToInt(c -> c.get() - 1).sum();
        Figures figures = new Figures(
                system,
                fault,
                times,
                acked.size(),
                load.failures(),
                lost,
                duplicates,
                staleAcks,
                load.seconds(),
                steady);
        System.out.println(figures.line());
        return figures;
    }
}
