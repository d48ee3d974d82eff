package dev.skiff.bench.process;

import dev.skiff.bench.auth.BenchAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the name servers under comparison, each in its own JVM with the same heap. With {@link
 * #withTls} every name server and broker port enforces TLS with the same certificate (the official
 * {@code tls.*} keys: in Skiff's config files, as system properties for Apache RocketMQ, which reads
 * them only there), and each broker registers with its name server over TLS. With {@link
 * #withAuth} both systems check signatures and policies (see {@link BenchAuth}).
 */
public final class Servers {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The name of the broker of either system. */
    public static final String BROKER_NAME = "broker-a";

    private final Checkout checkout;
    private final List<String> heap;
    private final BenchCertificate tls;
    private final BenchAuth auth;
    /** Extra JVM options of Skiff's brokers only (a profiler, say); empty by default. */
    private final List<String> skiffBrokerJvm;
    /** Where brokers and name servers run, or null: wherever the kernel puts them. */
    private final CpuPlacement cpus;

    public Servers(Checkout checkout, List<String> heapOptions) {
        this(checkout, heapOptions, null, null, List.of(), null);
    }

    private Servers(
            Checkout checkout,
            List<String> heapOptions,
            BenchCertificate tls,
            BenchAuth auth,
            List<String> skiffBrokerJvm,
            CpuPlacement cpus) {
        this.checkout = checkout;
        this.heap = List.copyOf(heapOptions);
        this.tls = tls;
        this.auth = auth;
        this.skiffBrokerJvm = List.copyOf(skiffBrokerJvm);
        this.cpus = cpus;
    }

    /** Servers whose JVMs all get {@code heap} (like {@code 1g}) as heap and as direct-memory limit. */
    public static Servers withHeap(Checkout checkout, String heap) {
        return new Servers(checkout, List.of("-Xms" + heap, "-Xmx" + heap, "-XX:MaxDirectMemorySize=" + heap));
    }

    /** These servers with brokers started on {@code placement}'s broker CPUs and name servers on the others. */
    public Servers withCpus(CpuPlacement placement) {
        return new Servers(checkout, heap, tls, auth, skiffBrokerJvm, placement);
    }

    private List<String> brokerLauncher() {
        return cpus == null ? List.of() : cpus.brokerLauncher();
    }

    private List<String> namesrvLauncher() {
        return cpus == null ? List.of() : cpus.otherLauncher();
    }

    /**
     * These servers with {@code options} added to the JVM options of Skiff's brokers, e.g.
     * {@code -XX:StartFlightRecording=filename=/tmp/b-%p.jfr,settings=profile}.
     */
    public Servers withSkiffBrokerJvm(List<String> options) {
        return new Servers(checkout, heap, tls, auth, options, cpus);
    }

    /** These servers with TLS enforced on every port, serving {@code certificate}. */
    public Servers withTls(BenchCertificate certificate) {
        return new Servers(checkout, heap, certificate, auth, skiffBrokerJvm, cpus);
    }

    /**
     * These servers with authentication and authorization on (the keys of {@code auth}: brokers of
     * both systems, and Skiff's name server, which checks registrations); null turns them off.
     */
    public Servers withAuth(BenchAuth auth) {
        return new Servers(checkout, heap, tls, auth, skiffBrokerJvm, cpus);
    }

    /** The authentication set-up these servers start with, or null when it is off. */
    public BenchAuth auth() {
        return auth;
    }

    public boolean tls() {
        return tls != null;
    }

    /** The official TLS keys as {@code key=value} lines: the server side, plus {@code tls.enable} for a broker. */
    private List<String> tlsKeys(boolean broker) {
        if (tls == null) {
            return List.of();
        }
        List<String> keys = new java.util.ArrayList<>(List.of(
                "tls.server.mode=enforcing",
                "tls.test.mode.enable=false",
                "tls.server.certPath=" + tls.certificate(),
                "tls.server.keyPath=" + tls.privateKey()));
        if (broker) {
            keys.add("tls.enable=true");
        }
        return keys;
    }

    private String tlsConfigLines(boolean broker) {
        StringBuilder sb = new StringBuilder();
        tlsKeys(broker).forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    private List<String> tlsSystemProperties(boolean broker) {
        return tlsKeys(broker).stream().map(line -> "-D" + line).toList();
    }

    /** Skiff's name server from the distribution, listening on 127.0.0.1:{@code port}. */
    public ServerProcess skiffNamesrv(Path workDir, int port) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("namesrv.properties");
        Files.writeString(
                config,
                "homeDir=" + workDir.resolve("home") + "\n"
                        + tlsConfigLines(false)
                        + properties(auth == null ? Map.of() : auth.skiffNamesrvProperties()));
        List<String> jvm = skiffJvm(workDir);
        return ServerProcess.start(
                namesrvLauncher(),
                "skiff-namesrv",
                checkout.skiffClasspath(),
                "dev.skiff.dist.SkiffMain",
                jvm,
                List.of("namesrv", "--listen", "127.0.0.1:" + port, "--config", config.toString()),
                port,
                workDir,
                START_TIMEOUT);
    }

    /** Apache RocketMQ's name server (official jars), listening on {@code port}. */
    public ServerProcess apacheNamesrv(Path workDir, int port) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("namesrv.conf");
        Files.writeString(
                config,
                "listenPort=" + port + "\n"
                        + "kvConfigPath=" + workDir.resolve("kvConfig.json") + "\n"
                        + "rocketmqHome=" + workDir + "\n");
        List<String> jvm = concat(apacheJvm(workDir), tlsSystemProperties(false));
        return ServerProcess.start(
                namesrvLauncher(),
                "apache-namesrv",
                checkout.apacheClasspath(),
                "org.apache.rocketmq.namesrv.NamesrvStartup",
                jvm,
                List.of("-c", config.toString()),
                port,
                workDir,
                START_TIMEOUT);
    }

    /** Skiff's broker from the distribution on 127.0.0.1:{@code port}, registered with {@code namesrvAddr}. */
    public ServerProcess skiffBroker(Path workDir, int port, String namesrvAddr, String flushDiskType)
            throws IOException, InterruptedException {
        return skiffBroker(workDir, port, namesrvAddr, flushDiskType, Map.of());
    }

    /**
     * Skiff's broker as above with {@code extra} broker properties appended (a role, an HA port,
     * feature switches); a key given here wins over the defaults written before it.
     */
    public ServerProcess skiffBroker(
            Path workDir, int port, String namesrvAddr, String flushDiskType, Map<String, String> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("broker.properties");
        Files.writeString(
                config,
                "brokerName=" + BROKER_NAME + "\n"
                        + "brokerIP1=127.0.0.1\n"
                        + "flushDiskType=" + flushDiskType + "\n"
                        + "storePathRootDir=" + workDir.resolve("store") + "\n"
                        + properties(auth == null ? Map.of() : auth.brokerProperties(false))
                        + properties(extra)
                        + tlsConfigLines(true));
        List<String> jvm = concat(skiffJvm(workDir), skiffBrokerJvm);
        return ServerProcess.start(
                brokerLauncher(),
                "skiff-broker",
                checkout.skiffClasspath(),
                "dev.skiff.dist.SkiffMain",
                jvm,
                List.of(
                        "broker",
                        "--namesrv",
                        namesrvAddr,
                        "--listen",
                        "127.0.0.1:" + port,
                        "--config",
                        config.toString()),
                port,
                workDir,
                START_TIMEOUT);
    }

    /** Apache RocketMQ's broker (official jars) on {@code port}, same flush setting and heap as Skiff's. */
    public ServerProcess apacheBroker(Path workDir, int port, String namesrvAddr, String flushDiskType)
            throws IOException, InterruptedException {
        return apacheBroker(workDir, port, namesrvAddr, flushDiskType, Map.of());
    }

    /** Apache RocketMQ's broker as above with {@code extra} properties appended (later keys win). */
    public ServerProcess apacheBroker(
            Path workDir, int port, String namesrvAddr, String flushDiskType, Map<String, String> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("broker.conf");
        Path store = workDir.resolve("store");
        Files.writeString(
                config,
                "brokerClusterName=DefaultCluster\n"
                        + "brokerName=" + BROKER_NAME + "\n"
                        + "brokerId=0\n"
                        + "brokerIP1=127.0.0.1\n"
                        + "listenPort=" + port + "\n"
                        + "namesrvAddr=" + namesrvAddr + "\n"
                        + "autoCreateTopicEnable=true\n"
                        + "flushDiskType=" + flushDiskType + "\n"
                        + "storePathRootDir=" + store + "\n"
                        + "storePathCommitLog=" + store.resolve("commitlog") + "\n"
                        + "rocketmqHome=" + workDir + "\n"
                        + properties(auth == null ? Map.of() : auth.brokerProperties(true))
                        + properties(extra));
        List<String> jvm = concat(apacheJvm(workDir), tlsSystemProperties(true));
        return ServerProcess.start(
                brokerLauncher(),
                "apache-broker",
                checkout.apacheClasspath(),
                "org.apache.rocketmq.broker.BrokerStartup",
                jvm,
                List.of("-c", config.toString()),
                port,
                workDir,
                START_TIMEOUT);
    }

    /** The shared heap, G1, and Skiff's logging into {@code workDir}/logs. */
    private List<String> skiffJvm(Path workDir) {
        return concat(
                heap,
                List.of(
                        "-XX:+UseG1GC",
                        "-Dlogback.configurationFile=" + checkout.skiffLogbackConfig(),
                        "-Dskiff.log.dir=" + workDir.resolve("logs")));
    }

    /** The shared heap, G1, and Apache RocketMQ's home, user home and logs inside {@code workDir}. */
    private List<String> apacheJvm(Path workDir) {
        return concat(heap, concat(List.of("-XX:+UseG1GC"), apacheHome(workDir)));
    }

    /**
     * Where an official server process keeps everything it writes outside its store: its home,
     * user home (its logs), temp folder and client log root, all in {@code workDir}. The temp folder
     * matters: the official broker unpacks RocksDB's native library (13 MiB) there on every start,
     * and a process stopped by a signal leaves it behind.
     */
    public static List<String> apacheHome(Path workDir) {
        return List.of(
                "-Drocketmq.home.dir=" + workDir,
                "-Duser.home=" + workDir,
                "-Djava.io.tmpdir=" + workDir,
                "-Drocketmq.client.logRoot=" + workDir.resolve("logs"));
    }

    /** {@code key=value} lines, in the map's order. */
    private static String properties(Map<String, String> extra) {
        StringBuilder b = new StringBuilder();
        extra.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
