package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * Apache RocketMQ 5.5 in controller mode, every process a JVM of its own on 127.0.0.1, for the
 * failover figures beside Skiff's: {@code n} standalone controller peers (the official {@code
 * ControllerStartup}, DLedger Raft, {@code controllerDLegerPeers}; brokers reach each peer on its
 * DLedger port, which the official controller also serves requests on), one name server, and brokers of
 * one group ({@code broker-c}) with {@code enableControllerMode=true}, {@code
 * allAckInSyncStateSet=true} (a write is acknowledged when every member of the in-sync set has it)
 * and the same heartbeat timeout as Skiff's runs ({@code controllerHeartBeatTimeoutMills}). The
 * controller's scan for silent brokers runs every second ({@code scanNotActiveBrokerInterval},
 * official default 5 s).
 *
 * <p>The official jars come from the class path file the benchmark harness resolves ({@code
 * skiff-bench/apache-rocketmq/target/classpath.txt}, written by {@code bin/skiff bench} on first
 * use). Each process's home, user home (where the official servers write their logs) and data
 * are inside this cluster's folder. Only processes started here are signalled, by their handle.
 */
final class OfficialControllerCluster implements FailoverRuns.Cluster, AutoCloseable {
    static final String GROUP = "broker-c";
    private static final String CONTROLLER_MAIN = "org.apache.rocketmq.controller.ControllerStartup";
    private static final String NAMESRV_MAIN = "org.apache.rocketmq.namesrv.NamesrvStartup";
    private static final String BROKER_MAIN = "org.apache.rocketmq.broker.BrokerStartup";
    private static final long ADMIN_TIMEOUT_MS = 5_000;
    /** Log lines worth reporting: role changes, elections, inactive brokers (not the config dump at start). */
    private static final java.util.regex.Pattern ROLE_LINE = java.util.regex.Pattern.compile(
            "Change broker|Begin to change|is elected|inactive|Elect|elect master|SyncStateSet changed|ERROR");

    private final Path dir;
    private final long heartbeatTimeoutMs;
    private final String classpath;
    private final Map<String, String> mains = new LinkedHashMap<>();
    private final Map<String, Path> configs = new LinkedHashMap<>();
    private final Map<String, Integer> heaps = new LinkedHashMap<>();
    private final Map<String, Process> current = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();
    /**
     * Controller peer id → its port. With DLedger the official controller serves brokers on its
     * Raft peer port (the one in {@code controllerDLegerPeers}), so that is what brokers are given.
     */
    private final Map<String, Integer> controllers = new LinkedHashMap<>();
    /** Broker name → its port. */
    private final Map<String, Integer> brokers = new LinkedHashMap<>();

    private int namesrvPort;
    private DefaultMQProducer admin;

    OfficialControllerCluster(Path dir, long heartbeatTimeoutMs) throws IOException {
        this.dir = dir;
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        this.classpath = officialClasspath();
        Files.createDirectories(dir);
    }

    /** The official 5.5 jars, as resolved by the benchmark harness. */
    static String officialClasspath() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path file = p.resolve("skiff-bench/apache-rocketmq/target/classpath.txt");
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            if (Files.isRegularFile(p.resolve("mvnw"))) {
                break;
            }
        }
        throw new IllegalStateException("the official jars are not resolved: run ./mvnw -f"
                + " skiff-bench/apache-rocketmq/pom.xml dependency:build-classpath"
                + " -Dmdep.outputFile=target/classpath.txt (bin/skiff bench compare does it on first use)");
    }

    /**
     * Starts the controller peers, the name server and the brokers, then waits (bounded) until the
     * name server lists every broker of the group and one of them as master, and every broker is in
     * the master's in-sync set.
     */
    void startAll(int controllerPeers, List<String> brokerNames) throws Exception {
        List<String> dledgerPeers = new ArrayList<>();
        for (int i = 0; i < controllerPeers; i++) {
            int port = ChildSkiff.freePort();
            controllers.put("n" + i, port);
            dledgerPeers.add("n" + i + "-127.0.0.1:" + port);
        }
        for (Map.Entry<String, Integer> c : controllers.entrySet()) {
            String id = c.getKey();
            Path home = dir.resolve("ctrl-" + id);
            define(
                    id,
                    home,
                    CONTROLLER_MAIN,
                    256,
                    List.of(
                            "controllerType=DLedger",
                            "controllerDLegerGroup=skiff-figures",
                            "controllerDLegerPeers=" + String.join(";", dledgerPeers),
                            "controllerDLegerSelfId=" + id,
                            "controllerStorePath=" + home.resolve("store"),
                            "configStorePath=" + home.resolve("controller.properties"),
                            "rocketmqHome=" + home,
                            "scanNotActiveBrokerInterval=1000",
                            "enableElectUncleanMaster=false",
                            "notifyBrokerRoleChanged=true"));
            start(id);
        }
        namesrvPort = ChildSkiff.freePort();
        Path nsHome = dir.resolve("namesrv");
        define(
                "namesrv",
                nsHome,
                NAMESRV_MAIN,
                256,
                List.of(
                        "listenPort=" + namesrvPort,
                        "kvConfigPath=" + nsHome.resolve("kvConfig.json"),
                        "rocketmqHome=" + nsHome));
        start("namesrv");
        String controllerAddr = String.join(
                ";", controllers.values().stream().map(p -> "127.0.0.1:" + p).toList());
        for (String b : brokerNames) {
            int port = ChildSkiff.freePort();
            brokers.put(b, port);
            Path home = dir.resolve(b);
            Path store = home.resolve("store");
            define(
                    b,
                    home,
                    BROKER_MAIN,
                    512,
                    List.of(
                            "brokerClusterName=DefaultCluster",
                            "brokerName=" + GROUP,
                            "brokerIP1=127.0.0.1",
                            "listenPort=" + port,
                            "haListenPort=" + ChildSkiff.freePort(),
                            "namesrvAddr=127.0.0.1:" + namesrvPort,
                            "enableControllerMode=true",
                            "controllerAddr=" + controllerAddr,
                            "controllerHeartBeatTimeoutMills=" + heartbeatTimeoutMs,
                            "brokerHeartbeatInterval=500",
                            "syncBrokerMetadataPeriod=1000",
                            "allAckInSyncStateSet=true",
                            "autoCreateTopicEnable=true",
                            "mappedFileSizeCommitLog=" + ProcessCluster.SEGMENT,
                            "storePathRootDir=" + store,
                            "storePathCommitLog=" + store.resolve("commitlog"),
                            "rocketmqHome=" + home));
            start(b);
        }
        awaitMaster(brokerNames.size(), 300);
        awaitInSyncSet(brokerNames.size(), 240);
    }

    /**
     * Waits (bounded) until the master's in-sync set has {@code members} brokers, read from the
     * master's own log ({@code SyncStateSet changed from [..] to [..]}, written by the official
     * broker each time the controller agrees to a change) after its latest change to master. A
     * kill before a slave has joined the set cannot fail over: with {@code
     * enableElectUncleanMaster=false} the controller elects only from the set (the official
     * broker then logs "Failed to try elect" until the old master returns).
     */
    void awaitInSyncSet(int members, int seconds) throws Exception {
        String[] last = {"no master yet"};
        boolean full = Await.until(Duration.ofSeconds(seconds), () -> {
            String master = masterName();
            if (master == null) {
                return false;
            }
            int size = inSyncSetSize(master);
            last[0] = master + " in-sync set size " + size;
            return size >= members;
        });
        if (!full) {
            throw new AssertionError("official in-sync set not " + members + " within " + seconds + " s; " + last[0]);
        }
    }

    /** The broker the name server lists as master (id 0), or null. */
    private String masterName() {
        try {
            BrokerData data = api().getBrokerClusterInfo(ADMIN_TIMEOUT_MS)
                    .getBrokerAddrTable()
                    .get(GROUP);
            String addr = data == null ? null : data.getBrokerAddrs().get(0L);
            return addr == null ? null : brokerAt(Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)));
        } catch (Exception notYet) {
            return null;
        }
    }

    /**
     * Members of the in-sync set {@code broker} last logged since it last became master: 1 when it
     * logged none, 0 when its latest role is slave (a stale master entry in the route).
     */
    private int inSyncSetSize(String broker) throws IOException {
        Path log = configs.get(broker).getParent().resolve("logs/rocketmqlogs/broker.log");
        if (!Files.isRegularFile(log)) {
            return 0;
        }
        int size = 0;
        for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (line.contains("to SYNC_MASTER")) {
                size = 1;
            } else if (line.contains("to SLAVE")
                    || line.contains("Begin to change to slave")
                    || line.contains("brokerElectionPriority=")) {
                // a set logged while it was master no longer counts once it is a slave or has
                // restarted (the config dump at each start names brokerElectionPriority)
                size = 0;
            }
            int at = line.indexOf("SyncStateSet changed from ");
            if (at >= 0) {
                String set = line.substring(line.lastIndexOf('['), line.lastIndexOf(']') + 1);
                size = set.equals("[]") ? 0 : set.split(",").length;
            }
        }
        return size;
    }

    private void define(String name, Path home, String main, int heapMb, List<String> config) throws IOException {
        Files.createDirectories(home);
        Path file = home.resolve(name + ".conf");
        Files.writeString(file, String.join("\n", config) + "\n");
        mains.put(name, main);
        configs.put(name, file);
        heaps.put(name, heapMb);
    }

    /** (Re)starts process {@code name}; its console output goes to a new file in its home. */
    private void start(String name) throws IOException {
        int n = starts.merge(name, 1, Integer::sum);
        Path home = configs.get(name).getParent();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xms" + heaps.get(name) + "m",
                "-Xmx" + heaps.get(name) + "m",
                "-XX:+UseG1GC",
                // the controller's Hessian serializer reflects into java.lang (JDK 17+ refuses without this)
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.util=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.math=ALL-UNNAMED",
                "-Drocketmq.home.dir=" + home,
                "-Duser.home=" + home,
                "-Djava.io.tmpdir=" + home, // RocksDB's native library, unpacked on every start
                "-Drocketmq.client.logRoot=" + home.resolve("logs"),
                "-cp",
                classpath,
                mains.get(name),
                "-c",
                configs.get(name).toString()));
        Process p = ChildReaper.track(new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-" + n + ".out").toFile())
                .start());
        started.add(p);
        current.put(name, p);
    }

    /** Waits (bounded) until the name server lists {@code brokerCount} brokers of the group, one as master. */
    private void awaitMaster(int brokerCount, int seconds) throws Exception {
        awaitRoute(
                seconds,
                data -> data.getBrokerAddrs().size() >= brokerCount
                        && data.getBrokerAddrs().containsKey(0L));
    }

    private void awaitRoute(int seconds, java.util.function.Predicate<BrokerData> ok) throws Exception {
        Object[] last = {null};
        boolean routed = Await.until(Duration.ofSeconds(seconds), () -> {
            for (Map.Entry<String, Process> p : current.entrySet()) {
                assertThat(p.getValue().isAlive())
                        .as("official %s alive (see %s)", p.getKey(), dir)
                        .isTrue();
            }
            try {
                ClusterInfo info = api().getBrokerClusterInfo(ADMIN_TIMEOUT_MS);
                BrokerData data = info.getBrokerAddrTable().get(GROUP);
                last[0] = data == null ? "no group" : data.getBrokerAddrs();
                return data != null && ok.test(data);
            } catch (Exception e) {
                last[0] = e;
                return false;
            }
        });
        if (!routed) {
            throw new AssertionError("official route not as expected within " + seconds + " s; last " + last[0]);
        }
    }

    @SuppressWarnings("deprecation") // the client's admin API is reached through its (deprecated) impl accessor
    private MQClientAPIImpl api() throws Exception {
        if (admin == null) {
            admin = new DefaultMQProducer("official-figures-admin");
            admin.setNamesrvAddr(namesrvAddr());
            admin.setInstanceName("official-figures-" + System.nanoTime());
            admin.start();
        }
        return admin.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    @Override
    public String namesrvAddr() {
        return "127.0.0.1:" + namesrvPort;
    }

    @Override
    public String brokerAt(int port) {
        for (Map.Entry<String, Integer> e : brokers.entrySet()) {
            if (e.getValue() == port) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public void kill(String broker) throws Exception {
        Process p = current.get(broker);
        p.destroyForcibly();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("%s gone", broker).isTrue();
    }

    @Override
    public void pause(String broker) throws Exception {
        signal(broker, "-STOP");
    }

    @Override
    public void resume(String broker) throws Exception {
        signal(broker, "-CONT");
    }

    private void signal(String broker, String sig) throws Exception {
        ChildSkiff.signal(current.get(broker), sig);
    }

    /**
     * Starts the broker on its data again and waits (bounded) until it listens, the name server
     * lists it as a slave of the group, and the master's in-sync set holds every broker again.
     */
    @Override
    public void restartAsSlave(String broker) throws Exception {
        start(broker);
        String addr = "127.0.0.1:" + brokers.get(broker);
        awaitListening(brokers.get(broker), 120);
        awaitRoute(
                240,
                data -> data.getBrokerAddrs().entrySet().stream()
                        .anyMatch(e -> e.getKey() != 0L && e.getValue().equals(addr)));
        awaitInSyncSet(brokers.size(), 150);
    }

    private void awaitListening(int port, int seconds) throws Exception {
        boolean listening = Await.until(Duration.ofSeconds(seconds), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        if (!listening) {
            throw new AssertionError("official broker on " + port + " not listening within " + seconds + " s");
        }
    }

    /** The role changes and elections the official processes logged (for the report), at most 300 lines. */
    void printFailoverLines() throws IOException {
        int printed = 0;
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")
                            && (p.getFileName().toString().startsWith("controller")
                                    || p.getFileName().toString().startsWith("broker")))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    if (ROLE_LINE.matcher(lines.get(i)).find() && printed++ < 300) {
                        System.out.println("OFFICIAL " + dir.relativize(f) + ": " + lines.get(i));
                        // an error's exception message is on the next line
                        if (lines.get(i).contains("ERROR") && i + 1 < lines.size()) {
                            System.out.println("OFFICIAL " + dir.relativize(f) + ": " + lines.get(i + 1));
                        }
                    }
                }
            }
        } catch (java.io.UncheckedIOException | java.nio.charset.MalformedInputException e) {
            System.out.println("OFFICIAL log lines not readable: " + e);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.shutdown();
        }
        for (Process p : started) {
            p.destroyForcibly();
        }
        try {
            for (Process p : started) {
                p.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
