package dev.skiff.controller.it;

import dev.skiff.common.SkiffClock;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerSecurity;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.remoting.testing.Await;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** N in-process controller peers on 127.0.0.1 (Raft ports picked free up front, remoting ports ephemeral). */
final class ControllerCluster implements AutoCloseable {
    private final Map<String, String> peers = new LinkedHashMap<>();
    private final List<ControllerConfig> configs = new ArrayList<>();
    private final ControllerServer[] servers;
    private final int[] listenPorts;
    private final HeldScanScheduler[] schedulers;

    ControllerCluster(int n, File root, long heartbeatTimeoutMs, long snapshotEvery) throws IOException {
        for (int i = 0; i < n; i++) {
            peers.put("n" + i, "127.0.0.1:" + freePort());
        }
        servers = new ControllerServer[n];
        schedulers = new HeldScanScheduler[n];
        listenPorts = new int[n];
        for (int i = 0; i < n; i++) {
            configs.add(ControllerConfig.of("n" + i, "127.0.0.1", 0, peers, new File(root, "n" + i))
                    .withHeartbeatTimeout(heartbeatTimeoutMs, 100)
                    .withSnapshotEveryEntries(snapshotEvery));
        }
    }

    static int freePort() throws IOException {
        return dev.skiff.remoting.testing.TestPorts.free();
    }

    void startAll() throws Exception {
        for (int i = 0; i < servers.length; i++) {
            start(i);
        }
    }

    void start(int i) throws Exception {
        ControllerConfig c = configs.get(i);
        if (listenPorts[i] != 0) { // a restart keeps its remoting port
            c = new ControllerConfig(c.peerId(), c.listenHost(), listenPorts[i], c.peers(), c.dataDir(), c.tuning());
        }
        schedulers[i] = new HeldScanScheduler("controller-scan-" + i, SkiffClock.system());
        servers[i] = new ControllerServer(c, ControllerSecurity.none(), schedulers[i]);
        listenPorts[i] = servers[i].start().getPort();
    }

    void stop(int i) {
        servers[i].close();
        servers[i] = null;
    }

    /** Holds or releases peer {@code i}'s periodic scan (a scan scheduled once still runs). */
    void holdPeriodicScan(int i, boolean hold) {
        schedulers[i].holdPeriodic(hold);
    }

    ControllerServer server(int i) {
        return servers[i];
    }

    int size() {
        return servers.length;
    }

    /** Remoting addresses of the running peers. */
    List<String> addresses() {
        List<String> list = new ArrayList<>();
        for (ControllerServer s : servers) {
            if (s != null) {
                list.add(s.address());
            }
        }
        return list;
    }

    /** The index of the leader, waiting up to {@code timeout} for one that has announced its address. */
    int awaitLeader(Duration timeout) {
        int[] found = {-1};
        await(timeout, "a controller leader", () -> {
            Optional<Integer> leader = leaderIndex();
            leader.ifPresent(i -> found[0] = i);
            return leader.isPresent()
                    && servers[found[0]]
                            .address()
                            .equals(servers[found[0]].state().peerAddress("n" + found[0]));
        });
        return found[0];
    }

    Optional<Integer> leaderIndex() {
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] != null && servers[i].isLeader()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        try {
            Await.until(what, timeout, condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] != null) {
                stop(i);
            }
        }
    }
}
