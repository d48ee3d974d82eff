package dev.skiff.bench.namesrv;

import dev.skiff.bench.process.Checkout;
import dev.skiff.bench.process.ServerProcess;
import dev.skiff.bench.process.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Route lookups ({@code GET_ROUTEINFO_BY_TOPIC}) driven by the official client against Skiff's
 * name server and Apache RocketMQ's, one after the other in the same run, each in its own JVM
 * with the same heap. Prints requests/s, latency percentiles and the ratio Skiff/Apache.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl skiff-dist,skiff-bench -am
 * java -cp 'skiff-bench/target/lib/*' dev.skiff.bench.namesrv.RouteLookupCompare [threads] [seconds] [rounds]
 * </pre>
 */
public final class RouteLookupCompare {
    private static final int TOPICS = 100;
    private static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");

    record Result(
            String system,
            double requestsPerSec,
            double p50Us,
            double p99Us,
            double p999Us,
            double serverCpuUsPerRequest,
            long rssKb,
            double startupMs) {}

    private RouteLookupCompare() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        if (threads < 1 || threads > 256 || seconds < 1 || seconds > 600 || rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("threads 1..256, seconds 1..600, rounds 1..10");
        }
        Checkout checkout = Checkout.locate();
        Servers servers = new Servers(checkout, HEAP);
        Path work = Files.createTempDirectory("skiff-route-bench");
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            topics.add("BenchTopic" + i);
        }
        System.out.printf(
                "route lookups: %d threads, %d s measured (+%d s warm-up), %d rounds, %d topics%n",
                threads, seconds, warmupSeconds(seconds), rounds, TOPICS);
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String system : List.of("skiff", "apache")) {
                Path dir = work.resolve(system + "-" + round);
                int port = ServerProcess.freePort();
                try (ServerProcess server =
                        system.equals("skiff") ? servers.skiffNamesrv(dir, port) : servers.apacheNamesrv(dir, port)) {
                    Result r = measure(system, server, topics, threads, seconds);
                    results.computeIfAbsent(system, k -> new ArrayList<>()).add(r);
                    System.out.printf(
                            Locale.ROOT,
                            "  round %d %-6s %,10.0f req/s  p50 %6.0f us  p99 %6.0f us  p99.9 %6.0f us  server CPU %5.1f us/req  rss %,d KiB%n",
                            round,
                            system,
                            r.requestsPerSec(),
                            r.p50Us(),
                            r.p99Us(),
                            r.p999Us(),
                            r.serverCpuUsPerRequest(),
                            r.rssKb());
                }
            }
        }
        printTable(results);
    }

    private static int warmupSeconds(int seconds) {
        return Math.max(2, seconds / 4);
    }

    static Result measure(String system, ServerProcess server, List<String> topics, int threads, int seconds)
            throws Exception {
        try (OfficialNamesrvDriver driver = new OfficialNamesrvDriver(server.address())) {
            driver.registerBroker("BenchCluster", "bench-broker-a", "127.0.0.1:10911", topics);
            runLoad(driver, topics, threads, warmupSeconds(seconds), new Recorder(3));
            Recorder recorder = new Recorder(3);
            double cpuBefore = server.cpuSeconds();
            long count = runLoad(driver, topics, threads, seconds, recorder);
            double cpuUsed = server.cpuSeconds() - cpuBefore;
            var histogram = recorder.getIntervalHistogram();
            return new Result(
                    system,
                    count / (double) seconds,
                    histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getValueAtPercentile(99.9) / 1000.0,
                    count == 0 ? 0 : cpuUsed * 1e6 / count,
                    server.residentKb(),
                    server.startupMs());
        }
    }

    private static long runLoad(
            OfficialNamesrvDriver driver, List<String> topics, int threads, int seconds, Recorder recorder)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(
                    () -> {
                        try {
                            for (long i = offset; System.nanoTime() < deadline; i++) {
                                long start = System.nanoTime();
                                try {
                                    driver.route(topics.get((int) (i % topics.size())));
                                    recorder.recordValue(System.nanoTime() - start);
                                    done.incrementAndGet();
                                } catch (Exception e) {
                                    if (failures.getAndIncrement() == 0) {
                                        System.out.println("  first failed lookup: " + e);
                                    }
                                }
                            }
                        } finally {
                            finished.countDown();
                        }
                    },
                    "route-lookup-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        finished.await();
        if (failures.get() > 0) {
            System.out.printf("  (%d failed lookups)%n", failures.get());
        }
        return done.get();
    }

    private static void printTable(Map<String, List<Result>> results) {
        Result skiff = best(results.get("skiff"));
        Result apache = best(results.get("apache"));
        System.out.println();
        System.out.println("| figure (best round) | Skiff | Apache RocketMQ 5.5.0 | Skiff / Apache |");
        System.out.println("|---|---:|---:|---:|");
        row("route lookups / s", skiff.requestsPerSec(), apache.requestsPerSec());
        row("p50 latency (us)", skiff.p50Us(), apache.p50Us());
        row("p99 latency (us)", skiff.p99Us(), apache.p99Us());
        row("p99.9 latency (us)", skiff.p999Us(), apache.p999Us());
        row("server CPU per lookup (us)", skiff.serverCpuUsPerRequest(), apache.serverCpuUsPerRequest());
        row("resident memory after load (KiB)", skiff.rssKb(), apache.rssKb());
        row("start to listening (ms)", skiff.startupMs(), apache.startupMs());
    }

    private static Result best(List<Result> rounds) {
        return rounds.stream()
                .max((a, b) -> Double.compare(a.requestsPerSec(), b.requestsPerSec()))
                .orElseThrow();
    }

    private static void row(String name, double skiff, double apache) {
        System.out.printf(Locale.ROOT, "| %s | %,.1f | %,.1f | %.2f |%n", name, skiff, apache, skiff / apache);
    }
}
