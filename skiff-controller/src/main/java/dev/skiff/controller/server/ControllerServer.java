package dev.skiff.controller.server;

import dev.skiff.auth.AuthSettings;
import dev.skiff.auth.ServerAuth;
import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;
import dev.skiff.controller.liveness.BrokerLiveTable;
import dev.skiff.controller.liveness.ElectionPlanner;
import dev.skiff.controller.metrics.ControllerRequestStats;
import dev.skiff.controller.metrics.ElectionCounts;
import dev.skiff.controller.metrics.OpStatus;
import dev.skiff.controller.metrics.RaftAppendStats;
import dev.skiff.controller.raft.ControllerStateMachine;
import dev.skiff.controller.raft.RaftNode;
import dev.skiff.controller.raft.RaftTls;
import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ControllerState;
import dev.skiff.controller.state.Outcome;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.protocol.SerializeType;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller peer: the Raft node with the controller state machine, the remoting server that
 * serves the controller protocol, the heartbeat table, and the leader's scan.
 *
 * <p>Threads: Ratis's own; the transport's I/O threads; {@code controller-request-N} for requests
 * (bounded queue, SYSTEM_BUSY beyond); the scan, on a {@code Scheduler} (one {@code
 * controller-scan} thread; a simulation may pass a manual one), that, while this peer
 * leads, announces its remoting address once per leadership, proposes elections for groups whose
 * master went silent, and notifies brokers of the outcome. A broker's heartbeat connection that
 * closes (its process died) runs a scan at once, so its group's election does not wait for the
 * next period. The scan keeps its own record of when
 * leadership began (so repeated or late leader-change callbacks cannot confuse it).
 */
public final class ControllerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerServer.class);
    public static final String GROUP_NAME = "skiff-controller";
    private static final List<Integer> CODES = List.of(
            ControllerCodes.BROKER_HEARTBEAT,
            ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
            ControllerCodes.CONTROLLER_ELECT_MASTER,
            ControllerCodes.CONTROLLER_REGISTER_BROKER,
            ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
            ControllerCodes.CONTROLLER_GET_METADATA_INFO,
            ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA,
            ControllerCodes.CLEAN_BROKER_DATA,
            ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
            ControllerCodes.CONTROLLER_APPLY_BROKER_ID);

    /** Longest wait for a read barrier before an answer that renews a lease (then: not leader). */
    static final long LEADERSHIP_CHECK_MAX_MS = 1_000;

    private final ControllerConfig config;
    private final SkiffClock clock;
    private final ControllerState state = new ControllerState();
    private final ElectionCounts elections = new ElectionCounts();
    private final ControllerRequestStats requestStats;
    private final RaftAppendStats appends;
    private final BrokerLiveTable live;
    private final ElectionPlanner planner;
    private final TlsOptions tls;
    private final boolean raftTls;
    private final Credentials noticeCredentials;
    private final AuthSettings requestChecks;
    private RaftNode raft;
    private ControllerStateMachine machine;
    private RemotingServer transport;
    private NettyRemotingClient notifyClient;
    private RoleNotifier notifier;
    private ExecutorService requests;
    /** Runs the leader's scan; owned (closed by {@link #close}). */
    private final Scheduler scanner;

    private String listenAddress;
    private long leaderSinceMs = -1;
    private boolean started;
    private boolean closed;

    public ControllerServer(ControllerConfig config, SkiffClock clock) {
        this(config, clock, TlsOptions.disabled());
    }

    /**
     * @param tls the official {@code tls.*} options: {@code tls.server.mode} etc. for the remoting
     *     port, {@code tls.enable} for the role notices sent to brokers
     */
    public ControllerServer(ControllerConfig config, SkiffClock clock, TlsOptions tls) {
        this(config, clock, ControllerSecurity.of(tls));
    }

    /** A peer with TLS on its ports and signed notices as {@code security} says. */
    public ControllerServer(ControllerConfig config, SkiffClock clock, ControllerSecurity security) {
        this(config, security, new ThreadScheduler("controller-scan", 1, clock));
    }

    /**
     * As above, with the leader's scan on {@code scanner} (owned); the peer's clock is the
     * scanner's.
     */
    public ControllerServer(ControllerConfig config, ControllerSecurity security, Scheduler scanner) {
        this.raftTls = security.raftTls();
        this.tls = security.tls();
        this.noticeCredentials = security.noticeCredentials();
        this.requestChecks = security.requestChecks();
        this.config = config;
        this.clock = scanner.clock();
        this.scanner = scanner;
        this.live = new BrokerLiveTable(config.controllerHeartBeatTimeoutMills());
        this.planner = new ElectionPlanner(live, config.enableElectUncleanMaster());
        this.requestStats = new ControllerRequestStats(clock);
        this.appends = new RaftAppendStats(clock);
    }

    /** Starts the Raft peer, then serves; returns the bound remoting address. */
    public synchronized InetSocketAddress start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        if (!config.dataDir().isDirectory() && !config.dataDir().mkdirs()) {
            throw new IOException("cannot create " + config.dataDir());
        }
        machine = new ControllerStateMachine(
                state, leader -> log.info("peer {} sees leader {}", config.peerId(), leader));
        raft = new RaftNode(
                new RaftNode.Settings(
                        config.peerId(),
                        config.peers(),
                        config.dataDir(),
                        GROUP_NAME,
                        config.electionTimeoutMinMs(),
                        config.electionTimeoutMaxMs(),
                        config.snapshotEveryEntries(),
                        config.requestTimeoutMs()),
                machine,
                raftTls ? raftTls(tls) : null);
        raft.start();
        notifyClient = new NettyRemotingClient(RemotingClientConfig.defaults().withTls(tls.client()));
        if (noticeCredentials != null) {
            notifyClient.addRpcHook(new SigningHook(noticeCredentials));
        }
        notifier = new RoleNotifier(notifyClient);
        requests = BoundedExecutors.fixed("controller-request", config.requestThreads(), config.requestQueueCapacity());
        transport = new NettyRemotingServer(new RemotingServerConfig(
                config.listenHost(),
                config.listenPort(),
                2,
                RemotingServerConfig.DEFAULT_FRAME_MAX_BYTES,
                RemotingServerConfig.DEFAULT_IDLE_TIMEOUT_MS,
                SerializeType.JSON,
                true,
                tls.server(),
                0, // partial-frame budget: the default share of direct memory
                RemotingServerConfig.DEFAULT_FRAME_DEADLINE_MS));
        installRequestChecks();
        ControllerProcessor processor = new ControllerProcessor(
                replicator(), state, live, clock, notifier, config.enableElectUncleanMaster(), requestStats);
        CODES.forEach(code -> transport.registerProcessor(code, processor, requests));
        transport.addChannelEventListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                List<String> gone = live.onChannelClosed(channel.remoteAddress(), clock.nowMs());
                if (!gone.isEmpty()) {
                    log.info("heartbeat connection {} closed: {} counted as gone", channel.remoteAddress(), gone);
                    // a master whose process died is replaced now, not at the next scan (up to
                    // scanInactiveMasterInterval later); the scanner's one thread keeps scans serial
                    scanner.schedule("controller scan after a lost broker", 0, ControllerServer.this::scanSafely);
                }
            }
        });
        InetSocketAddress bound = transport.start();
        String host = bound.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : bound.getAddress().getHostAddress();
        listenAddress = host + ":" + bound.getPort();
        scanner.scheduleWithFixedDelay("controller scan", 0, config.scanInactiveMasterInterval(), this::scanSafely);
        log.info("controller peer {} listening on {} (raft {})", config.peerId(), listenAddress, config.peers());
        return bound;
    }

    /** Signature and table checks on every request received, when auth is configured (docs/security.md). */
    private void installRequestChecks() {
        if (requestChecks != null && requestChecks.anyEnabled()) {
            ServerAuth.forController(requestChecks).install(transport, requests);
        }
    }

    /** The Raft port's mutual TLS from the {@code tls.server.*} files; an error names the missing key. */
    private static RaftTls raftTls(TlsOptions tls) {
        for (String[] key : new String[][] {
            {TlsOptions.SERVER_CERT_PATH, tls.serverCertPath()},
            {TlsOptions.SERVER_KEY_PATH, tls.serverKeyPath()},
            {TlsOptions.SERVER_TRUST_CERT_PATH, tls.serverTrustCertPath()}
        }) {
            if (key[1] == null || key[1].isBlank()) {
                throw new IllegalArgumentException(
                        "--raft-tls needs " + key[0] + " in --tls-config (the peer's certificate, key and the"
                                + " certificates its peers must lead to)");
            }
        }
        return RaftTls.fromPem(
                Path.of(tls.serverCertPath().trim()),
                Path.of(tls.serverKeyPath().trim()),
                tls.serverKeyPassword(),
                Path.of(tls.serverTrustCertPath().trim()));
    }

    private Replicator replicator() {
        return new Replicator() {
            @Override
            public boolean isLeaderReady() {
                return raft.isLeaderReady();
            }

            @Override
            public boolean confirmLeadership() {
                return raft.isLeaderReady()
                        && raft.confirmLeadership(Math.min(LEADERSHIP_CHECK_MAX_MS, config.requestTimeoutMs()));
            }

            @Override
            public String leaderId() {
                return raft.leaderId();
            }

            @Override
            public String peersText() {
                return raft.peersText();
            }

            @Override
            public String groupName() {
                return GROUP_NAME;
            }

            @Override
            public Outcome submit(Command command) throws IOException {
                return ControllerServer.this.submit(command);
            }
        };
    }

    private void scanSafely() {
        try {
            scanOnce();
        } catch (IOException | RuntimeException e) {
            log.warn("controller scan failed: {}", e.toString());
        }
    }

    /** One pass of the leader's duties; does nothing on a follower. */
    void scanOnce() throws IOException {
        long now = clock.nowMs();
        if (!raft.isLeaderReady()) {
            leaderSinceMs = -1;
            return;
        }
        if (leaderSinceMs < 0) {
            leaderSinceMs = now;
            log.info("controller peer {} leads", config.peerId());
        }
        if (!listenAddress.equals(state.peerAddress(config.peerId()))) {
            raft.submit(new Command.AnnouncePeer(config.peerId(), listenAddress));
        }
        for (Command.ElectMaster command : planner.plan(state.groups().values(), now, leaderSinceMs)) {
            Outcome o = submit(command);
            log.info(
                    "election for {}: code {} master {} epoch {}",
                    command.brokerName(),
                    o.code(),
                    o.group() == null ? null : o.group().masterId(),
                    o.group() == null ? null : o.group().masterEpoch());
            if (o.masterChanged() && config.notifyBrokerRoleChanged()) {
                notifier.notifyGroup(o.group());
            }
        }
        live.expire(now, 10 * config.controllerHeartBeatTimeoutMills());
    }

    /**
     * Replicates a command; counts it in {@link #appends()} and an election's outcome in {@link
     * #elections()}.
     */
    private Outcome submit(Command command) throws IOException {
        long startNs = appends.startNs();
        Outcome o;
        try {
            o = raft.submit(command);
        } catch (IOException | RuntimeException e) {
            appends.record(OpStatus.of(e), startNs);
            throw e;
        }
        appends.record(OpStatus.SUCCESS, startNs);
        if (command instanceof Command.ElectMaster elect) {
            elections.record(elect.brokerName(), o);
        }
        return o;
    }

    /** Elections this peer decided as leader (the {@code election_total} metric). */
    public ElectionCounts elections() {
        return elections;
    }

    /** Controller requests served, by type and outcome ({@code request_total}, {@code request_latency}). */
    public ControllerRequestStats requestStats() {
        return requestStats;
    }

    /** Commands replicated through Raft ({@code dledger_op_total}, {@code dledger_op_latency}). */
    public RaftAppendStats appends() {
        return appends;
    }

    /** The state machine (snapshot counts); null before {@link #start}. */
    public ControllerStateMachine stateMachine() {
        return machine;
    }

    /** The folder holding this peer's Raft log, snapshots and metadata. */
    public File dataDir() {
        return config.dataDir();
    }

    public String address() {
        return listenAddress;
    }

    public ControllerState state() {
        return state;
    }

    public RaftNode raft() {
        return raft;
    }

    public String peerId() {
        return config.peerId();
    }

    /** How many replicas of a group this peer sees alive now. */
    public int liveCount(String brokerName) {
        return live.aliveIds(brokerName, clock.nowMs()).size();
    }

    public boolean isLeader() {
        return raft != null && raft.isLeaderReady();
    }

    /** Stops serving, the scan and the Raft peer; bounded waits. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scanner.close(); // waits (bounded) for a scan under way
        if (transport != null) {
            transport.shutdown();
        }
        if (requests != null) {
            requests.shutdownNow();
        }
        if (notifyClient != null) {
            notifyClient.shutdown();
        }
        if (raft != null) {
            try {
                raft.close();
            } catch (IOException e) {
                log.warn("raft peer close failed: {}", e.toString());
            }
        }
    }
}
