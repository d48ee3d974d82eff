package dev.skiff.controller.server;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One controller peer: what it is (its id, remoting address, every peer's Raft address, its data
 * folder: given on the command line) and how it is tuned ({@link ControllerTuning}, the typed keys
 * of {@code --config FILE}, listed in {@code docs/configuration.md}).
 */
public record ControllerConfig(
        String peerId,
        String listenHost,
        int listenPort,
        Map<String, String> peers,
        File dataDir,
        ControllerTuning tuning) {

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
        if (tuning == null) {
            throw new IllegalArgumentException("no tuning");
        }
    }

    /** A peer with the default tuning. */
    public static ControllerConfig of(
            String peerId, String listenHost, int listenPort, Map<String, String> peers, File dataDir) {
        return new ControllerConfig(peerId, listenHost, listenPort, peers, dataDir, ControllerTuning.defaults());
    }

    public ControllerConfig withTuning(ControllerTuning t) {
        return new ControllerConfig(peerId, listenHost, listenPort, peers, dataDir, t);
    }

    public ControllerConfig withHeartbeatTimeout(long ms, long scanMs) {
        return withTuning(tuning.withHeartbeatTimeout(ms, scanMs));
    }

    public ControllerConfig withSnapshotEveryEntries(long entries) {
        return withTuning(tuning.withSnapshotEveryEntries(entries));
    }

    public ControllerConfig withUncleanElection(boolean allow) {
        return withTuning(tuning.withUncleanElection(allow));
    }

    public long controllerHeartBeatTimeoutMills() {
        return tuning.controllerHeartBeatTimeoutMills();
    }

    public long scanInactiveMasterInterval() {
        return tuning.scanInactiveMasterInterval();
    }

    public boolean enableElectUncleanMaster() {
        return tuning.enableElectUncleanMaster();
    }

    public boolean notifyBrokerRoleChanged() {
        return tuning.notifyBrokerRoleChanged();
    }

    public long electionTimeoutMinMs() {
        return tuning.raftElectionTimeoutMinMs();
    }

    public long electionTimeoutMaxMs() {
        return tuning.raftElectionTimeoutMaxMs();
    }

    public long snapshotEveryEntries() {
        return tuning.raftSnapshotEveryEntries();
    }

    public long requestTimeoutMs() {
        return tuning.requestTimeoutMs();
    }

    public int requestThreads() {
        return tuning.controllerThreadPoolNums();
    }

    public int requestQueueCapacity() {
        return tuning.controllerRequestThreadPoolQueueCapacity();
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
