package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.controller.ControllerException;
import dev.skiff.broker.controller.RemotingControllerLink;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A cluster of separate JVMs for system tests: controller peers, one name server, brokers of one
 * controller-mode group ({@code broker-c}, SYNC_MASTER; {@link #startBroker}) or of a classic group
 * ({@link #startBrokerWith}). Every process is named ({@code n0}, {@code namesrv}, {@code b0}); a
 * restart keeps the name, the arguments and the data, with a new output file. A {@link Placement}
 * says where each process runs: all on 127.0.0.1 by default, or each behind a command prefix on an
 * address of its own (a network namespace, {@link NetnsLab}). Only the processes it started are
 * ever signalled (by their pid: SIGKILL through {@link Process#destroyForcibly}, SIGSTOP/SIGCONT
 * with {@code kill}). Closing kills them all.
 */
final class ProcessCluster implements AutoCloseable {
    /**
     * Where a named process runs: {@code host} is the address it binds and advertises, {@code
     * prefix} the command that starts it there (empty on this host).
     */
    record Placement(Function<String, String> host, Function<String, List<String>> prefix) {
        static Placement loopback() {
            return new Placement(name -> "127.0.0.1", name -> List.of());
        }
    }

    static final int SEGMENT = 2 << 20;
    static final String CLUSTER = "DefaultCluster";
    static final String GROUP = "broker-c";

    private final Path dir;
    private final long heartbeatTimeoutMs;
    private final Placement placement;
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final Map<String, Process> current = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();
    /** Controller peer id → its remoting address. */
    private final Map<String, String> controllers = new LinkedHashMap<>();
    /** Broker name → its port. */
    private final Map<String, Integer> brokers = new LinkedHashMap<>();

    private final NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults());
    private int namesrvPort;

    ProcessCluster(Path dir, long heartbeatTimeoutMs) {
        this(dir, heartbeatTimeoutMs, Placement.loopback());
    }

    ProcessCluster(Path dir, long heartbeatTimeoutMs, Placement placement) {
        this.dir = dir;
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        this.placement = placement;
    }

    /**
     * Starts {@code n} controller peers, a name server and the named brokers all at once (the
     * brokers keep asking until a controller leads), then waits until every one serves.
     */
    void startAll(int controllerPeers, List<String> brokerNames, String... brokerExtra) throws Exception {
        startControllers(controllerPeers, false);
        startNamesrv(false);
        for (String b : brokerNames) {
            startBroker(b, brokerExtra);
        }
        // generous: seven JVMs starting at once on a loaded 2-core machine took over 90 s
        for (String id : controllers.keySet()) {
            awaitOutput(id, "listening on", 240);
        }
        awaitOutput("namesrv", "listening on", 240);
        for (String b : brokerNames) {
            awaitOutput(b, "serving at", 240);
        }
    }

    /** Starts {@code n} controller peers ({@code n0..}) and waits until each listens. */
    void startControllers(int n) throws Exception {
        startControllers(n, true);
    }

    private void startControllers(int n, boolean await) throws Exception {
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String host = placement.host().apply("n" + i);
            controllers.put("n" + i, host + ":" + ChildSkiff.freePort());
            peers.add("n" + i + "=" + host + ":" + ChildSkiff.freePort());
        }
        for (String id : controllers.keySet()) {
            define(
                    id,
                    "controller",
                    "--id",
                    id,
                    "--listen",
                    controllers.get(id),
                    "--peers",
                    String.join(",", peers),
                    "--data",
                    dir.resolve("ctrl-" + id).toString(),
                    "--heartbeat-timeout-ms",
                    Long.toString(heartbeatTimeoutMs));
            start(id);
        }
        for (String id : controllers.keySet()) {
            if (await) {
                awaitOutput(id, "listening on", 90);
            }
        }
    }

    void startNamesrv() throws Exception {
        startNamesrv(true);
    }

    private void startNamesrv(boolean await) throws Exception {
        namesrvPort = ChildSkiff.freePort();
        define("namesrv", "namesrv", "--listen", namesrvAddr());
        start("namesrv");
        if (await) {
            awaitOutput("namesrv", "listening on", 90);
        }
    }

    /** Defines and starts broker {@code name} with the group's config plus {@code extra} lines. */
    void startBroker(String name, String... extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "brokerName=" + GROUP,
                "brokerRole=SYNC_MASTER",
                "enableControllerMode=true",
                "controllerAddr=" + String.join(";", controllers.values()),
                "controllerHeartBeatTimeoutMills=" + heartbeatTimeoutMs,
                "brokerHeartbeatInterval=500",
                "syncBrokerMetadataPeriod=1000",
                "haSendHeartbeatInterval=500"));
        lines.addAll(List.of(extra));
        startBrokerWith(name, lines);
    }

    /**
     * Defines and starts broker {@code name} (a classic group or a controller-mode one): loopback
     * ports of its own on its placement's host, this cluster's name server, a store under the cluster's folder, {@link
     * #SEGMENT}-byte segments and sync replication to 2 replicas, with {@code lines} ({@code
     * key=value}) added or replacing those.
     */
    void startBrokerWith(String name, List<String> lines) throws Exception {
        int port = ChildSkiff.freePort();
        brokers.put(name, port);
        String host = placement.host().apply(name);
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : List.of(
                "listenHost=" + host,
                "brokerIP1=" + host,
                "listenPort=" + port,
                "haListenPort=" + ChildSkiff.freePort(),
                "namesrvAddr=" + namesrvAddr(),
                "storePathRootDir=" + dir.resolve(name),
                "mappedFileSizeCommitLog=" + SEGMENT,
                "maxMessageSize=524288",
                "registerNameServerPeriod=1000",
                "inSyncReplicas=2",
                "minInSyncReplicas=2",
                "syncFlushTimeout=3000",
                "haHousekeepingInterval=5000")) {
            put(config, line);
        }
        lines.forEach(line -> put(config, line));
        Path cfg = dir.resolve(name + ".properties");
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(cfg, text);
        define(name, "broker", "--config", cfg.toString());
        start(name);
    }

    private static void put(Map<String, String> config, String line) {
        int eq = line.indexOf('=');
        config.put(line.substring(0, eq), line.substring(eq + 1));
    }

    private void define(String name, String... a) {
        args.put(name, List.of(a));
    }

    /** (Re)starts process {@code name} with its arguments; its output goes to a new file. */
    Process start(String name) throws IOException {
        int n = starts.merge(name, 1, Integer::sum);
        Path out = dir.resolve(name + "-" + n + ".out");
        Process p = ChildSkiff.start(
                placement.prefix().apply(name),
                SkiffMain.class,
                dir,
                out,
                256,
                args.get(name).toArray(String[]::new));
        started.add(p);
        current.put(name, p);
        outputs.put(name, out);
        return p;
    }

    /** SIGKILL, then waits (bounded) until it is gone. */
    void kill(String name) throws InterruptedException {
        Process p = current.get(name);
        p.destroyForcibly();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("%s gone", name).isTrue();
    }

    /** SIGTERM (a clean stop, so its files are complete), then waits (bounded) until it is gone. */
    void stop(String name) throws InterruptedException {
        Process p = current.get(name);
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s stopped", name).isTrue();
    }

    /** SIGSTOP: the process stays, its threads stop. */
    void pause(String name) throws Exception {
        signal(name, "-STOP");
    }

    /** SIGCONT. */
    void resume(String name) throws Exception {
        signal(name, "-CONT");
    }

    private void signal(String name, String sig) throws Exception {
        ChildSkiff.signal(current.get(name), sig);
    }

    void awaitOutput(String name, String text, int seconds) throws Exception {
        ChildSkiff.awaitOutput(current.get(name), outputs.get(name), text, seconds);
    }

    /** Waits until the current output of {@code name} holds {@code text} at least {@code times} times. */
    void awaitOutputCount(String name, String text, int times, int seconds) throws Exception {
        // woken by each write to the output
        boolean shown = Await.fileShows(outputs.get(name), Duration.ofSeconds(seconds), () -> {
            if (count(name, text) >= times) {
                return true;
            }
            assertThat(current.get(name).isAlive()).as("%s alive", name).isTrue();
            return false;
        });
        if (shown) {
            return;
        }
        throw new AssertionError("'" + text + "' not " + times + " times in " + name + " within " + seconds + " s");
    }

    /** The file {@code name}'s output goes to (for a wait woken by its writes). */
    Path outputFile(String name) {
        return outputs.get(name);
    }

    /** The current output of {@code name}. */
    String output(String name) throws IOException {
        return ChildSkiff.read(outputs.get(name));
    }

    int count(String name, String text) throws IOException {
        String out = ChildSkiff.read(outputs.get(name));
        int n = 0;
        for (int at = out.indexOf(text); at >= 0; at = out.indexOf(text, at + text.length())) {
            n++;
        }
        return n;
    }

    /** The id of the controller peer that leads now, asked of the live peers (bounded). */
    String controllerLeader(int seconds) throws Exception {
        RemotingControllerLink link = new RemotingControllerLink(client, CLUSTER, GROUP, "127.0.0.1:1", 2_000);
        Exception[] last = {null};
        String[] found = {null};
        boolean led = Await.until(Duration.ofSeconds(seconds), () -> {
            for (Map.Entry<String, String> peer : controllers.entrySet()) {
                if (!current.get(peer.getKey()).isAlive()) {
                    continue;
                }
                try {
                    String leader = link.leaderAddress(peer.getValue());
                    for (Map.Entry<String, String> e : controllers.entrySet()) {
                        if (e.getValue().equals(leader)) {
                            found[0] = e.getKey();
                            return true;
                        }
                    }
                } catch (ControllerException e) {
                    last[0] = e;
                }
            }
            return false;
        });
        if (!led) {
            throw new AssertionError("no controller leader within " + seconds + " s", last[0]);
        }
        return found[0];
    }

    Map<String, String> controllers() {
        return controllers;
    }

    String namesrvAddr() {
        return placement.host().apply("namesrv") + ":" + namesrvPort;
    }

    String brokerAddr(String name) {
        return placement.host().apply(name) + ":" + brokers.get(name);
    }

    /** The broker serving at {@code host:port}, or null. */
    String brokerAt(String address) {
        for (String b : brokers.keySet()) {
            if (brokerAddr(b).equals(address)) {
                return b;
            }
        }
        return null;
    }

    /** Every broker's address, in start order. */
    List<String> brokerAddrs() {
        return brokers.keySet().stream().map(this::brokerAddr).toList();
    }

    /** The broker listening on {@code port}, or null. */
    String brokerAt(int port) {
        for (Map.Entry<String, Integer> e : brokers.entrySet()) {
            if (e.getValue() == port) {
                return e.getKey();
            }
        }
        return null;
    }

    Path commitLog(String broker) {
        return dir.resolve(broker).resolve("commitlog");
    }

    NettyRemotingClient client() {
        return client;
    }

    /** Lines of every output matching {@code regex}, prefixed with the file name (for failure reports). */
    void printOutputs(String regex) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path out :
                    files.filter(f -> f.toString().endsWith(".out")).sorted().toList()) {
                for (String line : ChildSkiff.read(out).split("\n")) {
                    if (line.matches(regex)) {
                        System.out.println(out.getFileName() + ": " + line);
                    }
                }
            }
        }
    }

    /**
     * Copies every process output ({@code *.out}) to {@code target/process-logs/LABEL-TIME/} under
     * the working directory, so a failed opt-in run keeps its evidence after its temporary folder
     * is deleted and after a rerun overwrites the surefire report. Returns the folder.
     */
    Path keepOutputs(String label) throws IOException {
        Path to = Path.of("target", "process-logs", label + "-" + System.currentTimeMillis());
        Files.createDirectories(to);
        try (var files = Files.list(dir)) {
            for (Path out : files.filter(f -> f.toString().endsWith(".out")).toList()) {
                Files.copy(out, to.resolve(out.getFileName()));
            }
        }
        return to.toAbsolutePath();
    }

    @Override
    public void close() {
        client.shutdown();
        for (Process p : started) {
            p.destroyForcibly(); // SIGKILL ends a stopped process too
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
