package dev.skiff.controller.server;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One controller peer's settings.
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>field</th><th>default</th><th>meaning</th></tr>
 * <tr><td>peerId</td><td>(required)</td><td>this peer's id among {@code peers}</td></tr>
 * <tr><td>listenHost, listenPort</td><td>(required)</td><td>remoting address brokers and mqadmin use</td></tr>
 * <tr><td>peers</td><td>(required)</td><td>peer id → Raft address host:port</td></tr>
 * <tr><td>dataDir</td><td>(required)</td><td>Raft log and snapshots</td></tr>
 * <tr><td>controllerHeartBeatTimeoutMills</td><td>10000</td><td>a replica silent this long is dead
 *   (a broker's own {@code heartbeatTimeoutMills} wins when sent; the official broker key)</td></tr>
 * <tr><td>scanInactiveMasterInterval</td><td>1000</td><td>how often the leader looks for dead masters (ms)</td></tr>
 * <tr><td>enableElectUncleanMaster</td><td>false</td><td>allow electing a replica outside the
 *   sync-state set when no in-sync one is alive (the official controller key)</td></tr>
 * <tr><td>notifyBrokerRoleChanged</td><td>true</td><td>send NOTIFY_BROKER_ROLE_CHANGED after a master change</td></tr>
 * <tr><td>electionTimeoutMinMs / MaxMs</td><td>1000 / 2000</td><td>Raft election timeout range</td></tr>
 * <tr><td>snapshotEveryEntries</td><td>1000</td><td>Raft snapshot (and log purge) interval</td></tr>
 * <tr><td>requestTimeoutMs</td><td>3000</td><td>bound of one replicated request</td></tr>
 * <tr><td>requestThreads / requestQueueCapacity</td><td>4 / 10000</td><td>request executor</td></tr>
 * </table>
 */
public record ControllerConfig(
        String peerId,
        String listenHost,
        int listenPort,
        Map<String, String> peers,
        File dataDir,
        long controllerHeartBeatTimeoutMills,
        long scanInactiveMasterInterval,
        boolean enableElectUncleanMaster,
        boolean notifyBrokerRoleChanged,
        long electionTimeoutMinMs,
        long electionTimeoutMaxMs,
        long snapshotEveryEntries,
        long requestTimeoutMs,
        int requestThreads,
        int requestQueueCapacity) {

    public static final int PEERS_MAX = 9;

    public ControllerConfig {
        peers = Map.copyOf(new LinkedHashMap<>(peers));
        if (peerId == null || !peers.containsKey(peerId)) {
            throw new IllegalArgumentException("peer id " + peerId + " is not among the peers " + peers.keySet());
        }
        if (peers.size() > PEERS_MAX) {
            throw new IllegalArgumentException("at most " + PEERS_MAX + " peers");
        }
        if (listenPort < 0 || listenPort > 65_535) {
            throw new IllegalArgumentException("listen port out of range: " + listenPort);
        }
        if (controllerHeartBeatTimeoutMills < 100 || scanInactiveMasterInterval < 10) {
            throw new IllegalArgumentException("heartbeat timeout must be >= 100 ms and scan interval >= 10 ms");
        }
        if (electionTimeoutMinMs < 50 || electionTimeoutMaxMs <= electionTimeoutMinMs) {
            throw new IllegalArgumentException("election timeout range must be >= 50 ms and max > min");
        }
        if (snapshotEveryEntries < 1 || requestTimeoutMs < 100 || requestThreads < 1 || requestQueueCapacity < 1) {
            throw new IllegalArgumentException(
                    "snapshot interval, request timeout, threads and queue must be positive");
        }
    }

    /** A peer with the defaults for everything else. */
    public static ControllerConfig of(
            String peerId, String listenHost, int listenPort, Map<String, String> peers, File dataDir) {
        return new ControllerConfig(
                peerId,
                listenHost,
                listenPort,
                peers,
                dataDir,
                10_000,
                1_000,
                false,
                true,
                1_000,
                2_000,
                1_000,
                3_000,
                4,
                10_000);
    }

    public ControllerConfig withHeartbeatTimeout(long ms, long scanMs) {
        return new ControllerConfig(
                peerId,
                listenHost,
                listenPort,
                peers,
                dataDir,
                ms,
                scanMs,
                enableElectUncleanMaster,
                notifyBrokerRoleChanged,
                electionTimeoutMinMs,
                electionTimeoutMaxMs,
                snapshotEveryEntries,
                requestTimeoutMs,
                requestThreads,
                requestQueueCapacity);
    }

    public ControllerConfig withSnapshotEveryEntries(long entries) {
        return new ControllerConfig(
                peerId,
                listenHost,
                listenPort,
                peers,
                dataDir,
                controllerHeartBeatTimeoutMills,
                scanInactiveMasterInterval,
                enableElectUncleanMaster,
                notifyBrokerRoleChanged,
                electionTimeoutMinMs,
                electionTimeoutMaxMs,
                entries,
                requestTimeoutMs,
                requestThreads,
                requestQueueCapacity);
    }

    public ControllerConfig withUncleanElection(boolean allow) {
        return new ControllerConfig(
                peerId,
                listenHost,
                listenPort,
                peers,
                dataDir,
                controllerHeartBeatTimeoutMills,
                scanInactiveMasterInterval,
                allow,
                notifyBrokerRoleChanged,
                electionTimeoutMinMs,
                electionTimeoutMaxMs,
                snapshotEveryEntries,
                requestTimeoutMs,
                requestThreads,
                requestQueueCapacity);
    }

    /** Parses {@code ID=HOST:PORT,ID=HOST:PORT,...}. */
    public static Map<String, String> parsePeers(String text) {
        Map<String, String> peers = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            int colon = p.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == p.length() - 1) {
                throw new IllegalArgumentException("--peers: '" + p + "' is not ID=HOST:PORT");
            }
            try {
                Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--peers: bad port in '" + p + "'");
            }
            if (peers.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("--peers: duplicate id " + p.substring(0, eq));
            }
        }
        return peers;
    }
}
