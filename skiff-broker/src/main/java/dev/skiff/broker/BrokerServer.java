package dev.skiff.broker;

import dev.skiff.auth.ServerAuth;
import dev.skiff.auth.store.AuthCopy;
import dev.skiff.broker.admin.BrokerConfigEditor;
import dev.skiff.broker.admin.BrokerInfoProcessor;
import dev.skiff.broker.admin.BrokerRuntimeInfo;
import dev.skiff.broker.admin.ClientDirectory;
import dev.skiff.broker.admin.ConsumerAdminProcessor;
import dev.skiff.broker.admin.GroupAdminProcessor;
import dev.skiff.broker.admin.StoreMaintenanceProcessor;
import dev.skiff.broker.admin.TopicAdminProcessor;
import dev.skiff.broker.admin.TopicStatsProcessor;
import dev.skiff.broker.client.ConsumerRegistry;
import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.BrokerRole;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.config.RuntimeConfigFile;
import dev.skiff.broker.controller.BrokerRoleSwitch;
import dev.skiff.broker.controller.ControllerAgent;
import dev.skiff.broker.controller.ControllerMode;
import dev.skiff.broker.controller.RoleDuties;
import dev.skiff.broker.controller.RoleGate;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.ha.Replication;
import dev.skiff.broker.lock.QueueLockTable;
import dev.skiff.broker.metrics.BrokerMetrics;
import dev.skiff.broker.metrics.BrokerParts;
import dev.skiff.broker.metrics.RefusedRequests;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.pull.LongPollingService;
import dev.skiff.broker.pull.PullRoute;
import dev.skiff.broker.query.MessageQueryProcessor;
import dev.skiff.broker.registry.NamesrvRegistrar;
import dev.skiff.broker.replica.MetadataCopier;
import dev.skiff.broker.replica.ReadSuggestion;
import dev.skiff.broker.replica.ReplicaAdminProcessor;
import dev.skiff.broker.replica.ReplicaRuntimeKeys;
import dev.skiff.broker.replica.ReplicationView;
import dev.skiff.broker.replica.ShippingReplicationView;
import dev.skiff.broker.replica.SlaveRefusal;
import dev.skiff.broker.replica.TopicLearner;
import dev.skiff.broker.schedule.DelayDeliveryService;
import dev.skiff.broker.schedule.DelayOffsetTable;
import dev.skiff.broker.schedule.ScheduleTagsCode;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.send.SendMessageProcessor;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.timer.TimerCheckpointCopy;
import dev.skiff.broker.timer.TimerService;
import dev.skiff.broker.timer.TimerTagsCode;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.broker.transaction.HalfTransactions;
import dev.skiff.broker.transaction.TransactionCheckService;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.codec.FrameLimits;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.MessageStore;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.file.FileOps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker: the assembly of store, config tables, request processors on their own bounded
 * executors, housekeeping and name-server registration. It wires parts together and owns their
 * lifecycle; the parts never see this class.
 *
 * <pre>{@code
 * try (BrokerServer broker = new BrokerServer(config, SkiffClock.system())) {
 *     broker.start();
 *     String addr = broker.address();
 * }
 * }</pre>
 *
 * Start order: read the run-time config file ({@link RuntimeConfigFile}: keys changed at run time
 * before, whose values win over the given config), bind the transport (so the advertised address
 * and store host are known) with only a {@link StartupGate} that answers SYSTEM_BUSY, open the
 * store (recovery logs its progress) and tables, register processors, then register with the name servers. Close runs
 * in reverse: unregister, stop serving, persist offsets, close the store.
 *
 * <p>Threads: Netty I/O; {@code broker-send}, {@code broker-pull}, {@code broker-client},
 * {@code broker-admin} executors; one {@code broker-housekeeping} scheduler for periodic duties;
 * {@code broker-register}; {@code broker-delay} and {@code broker-timer}; on a slave {@code
 * broker-replica-copy}; and the store's own threads.
 *
 * <p>A slave ({@code brokerRole=SLAVE}) refuses sends and send-backs, and pulls unless {@code
 * slaveReadEnable} ({@link SlaveRefusal}), runs no delay delivery and fires no timers, and copies
 * its master's metadata ({@link MetadataCopier}).
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);
    static final int TOPICS_MAX = 100_000;
    static final int GROUPS_MAX = 100_000;
    static final int QUEUE_LOCKS_MAX = 200_000;
    /** Undecided half messages the check-back holds in memory at most (about 100 B each). */
    static final int TRANSACTIONS_PENDING_MAX = 500_000;

    /** The config given: config file, command line and defaults. */
    private final BrokerConfig configured;
    /** The keys the config file or command line set (a run-time value over one is warned of). */
    private final Set<String> configuredKeys;
    /** Keys changed at run time, saved for the next start. */
    private final RuntimeConfigFile runtimeFile;
    /** The config at start, run-time values included; set once by {@link #start}. */
    private BrokerConfig config;
    /** The config now; what components whose keys can change at run time read. */
    private volatile LiveBrokerConfig live;

    private final SkiffClock clock;
    private final ArrivalFanout arrivals = new ArrivalFanout();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private RemotingServer transport;
    private FrameLimits frameLimits;
    private NettyRemotingClient namesrvClient;
    private ServerAuth auth;
    private StoreConfig storeConfig;
    private MessageStore store;
    private TopicConfigTable topics;
    private SubscriptionGroupTable groups;
    private ConsumerOffsetTable offsets;
    private MessageAppender appender;
    private ConsumerRegistry consumers;
    private ProducerRegistry producers;
    private NamesrvRegistrar registrar;
    private Replication replication;
    private volatile BrokerRoleSwitch roleSwitch; // read by the dispatch thread (TopicLearner)
    private ControllerAgent controllerAgent;
    private ControllerMode controllerMode;
    private DeferredMessages deferred;
    /** What the wiring classes are built from; set in {@link #start} once the tables are open. */
    private BrokerCore core;

    private QueueLockTable queueLocks;
    private DelayDeliveryService delayDelivery;
    private HalfTransactions halfTransactions;
    private TransactionCheckService transactionCheck;
    private DelayOffsetTable delayProgress;
    private ReplicationView replicationView;
    private volatile MetadataCopier copier;
    private TimerService timer;
    private BrokerStats stats;
    private LongPollingService pullHolds;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private RefusedRequests refused;
    private StartupGate gate;
    private java.util.function.IntSupplier heldPolls = () -> 0;
    private BrokerExecutors executors;
    private ExecutorService sendExecutor;
    private ExecutorService pullExecutor;
    private ExecutorService clientExecutor;
    private ExecutorService adminExecutor;
    private HostAddress storeHost;
    private String address;
    private boolean started;
    private boolean closed;

    private final FileOps storeFileOps;

    public BrokerServer(BrokerConfig config, SkiffClock clock) {
        this(config, Set.of(), clock);
    }

    /**
     * @param configured the config from the config file, command line and defaults
     * @param configuredKeys the keys the config file or command line set explicitly
     */
    public BrokerServer(BrokerConfig configured, Set<String> configuredKeys, SkiffClock clock) {
        this(configured, configuredKeys, clock, FileOps.SYSTEM);
    }

    /**
     * As {@link #BrokerServer(BrokerConfig, Set, SkiffClock)}, with the calls the store's commit log
     * writes and forces through (tests inject disk faults there).
     */
    public BrokerServer(BrokerConfig configured, Set<String> configuredKeys, SkiffClock clock, FileOps storeFileOps) {
        this.storeFileOps = storeFileOps;
        this.configured = configured;
        this.configuredKeys = Set.copyOf(configuredKeys);
        this.runtimeFile = RuntimeConfigFile.of(configured);
        this.config = configured;
        this.live = new LiveBrokerConfig(configured);
        this.clock = clock;
    }

    /** Starts serving; returns the bound address. */
    public synchronized InetSocketAddress start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        config = runtimeFile.applyTo(configuredKeys);
        live = new LiveBrokerConfig(config);
        NettyRemotingServer netty = new NettyRemotingServer(config.transportConfig());
        transport = netty;
        frameLimits = netty.frameLimits();
        refused = new RefusedRequests(clock);
        gate = new StartupGate(refused);
        transport.registerDefaultProcessor(gate, null); // SYSTEM_BUSY until the store is recovered
        InetSocketAddress bound = transport.start();
        String host = BrokerSettings.advertisedHost(config, bound);
        address = host + ":" + bound.getPort();
        storeHost = HostAddress.of(new InetSocketAddress(InetAddress.getByName(host), bound.getPort()));

        Files.createDirectories(config.configDir());
        long[] delayLevels = config.delayLevelsMs();
        storeConfig = BrokerSettings.store(config, storeHost);
        String sizeProblem =
                LiveKeyEffects.messageSizeProblem(config.maxMessageSize(), storeConfig.messageBodyMaxBytes());
        if (sizeProblem != null && config.maxMessageSize() != configured.maxMessageSize()) {
            sizeProblem = "run-time config file " + runtimeFile.path() + ", key 'maxMessageSize': " + sizeProblem;
        }
        if (sizeProblem != null) {
            throw new IllegalArgumentException(sizeProblem);
        }
        store = new DefaultMessageStore(
                storeConfig,
                clock,
                DiskUsage.of(config.storePathRootDir()),
                arrivals,
                new TimerTagsCode(new ScheduleTagsCode(delayLevels)),
                storeFileOps);
        arrivals.add(metrics.sizes());
        store.start();
        topics = TopicConfigTable.open(
                config.configDir().resolve("topics.json"),
                clock,
                TOPICS_MAX,
                SystemTopics.defaults(config, delayLevels.length));
        arrivals.add(new TopicLearner(topics, () -> !isMasterNow(), clock)); // before long polling wakes pulls
        groups = SubscriptionGroupTable.open(
                config.configDir().resolve("subscriptionGroup.json"),
                clock,
                () -> live.get().autoCreateSubscriptionGroup(),
                GROUPS_MAX);
        offsets = ConsumerOffsetTable.open(config.configDir().resolve("consumerOffset.json"));
        appender = new MessageAppender(store);

        executors = new BrokerExecutors(config, clock);
        sendExecutor = executors.send;
        pullExecutor = executors.pull;
        clientExecutor = executors.client;
        adminExecutor = executors.admin;
        core = new BrokerCore(
                config, live, clock, transport, executors, store, appender, topics, groups, offsets, storeHost);

        namesrvClient = new NettyRemotingClient(
                RemotingClientConfig.defaults().withTls(config.tlsOptions().client()));
        wireAuth();
        registrar = new NamesrvRegistrar(live, address, topics, namesrvClient, executors.ownThread("broker-register"));
        wireReplication(host);
        replicationView = new ShippingReplicationView(
                this::isMasterNow, this::replication, store::commitLogMaxOffset, registrar::masterAddr);
        wireSend();
        wireConsume();
        wireDeferred();
        wireAdmin();
        schedulePersistence();
        registrar.start();
        startMetadataCopy();
        wireRoleDuties();
        startMetrics();
        startControllerAgent();
        gate.open();
        log.info(
                "broker {} (cluster {}, id {}) listening on {} advertised as {}, data in {}",
                config.brokerName(),
                config.brokerClusterName(),
                config.brokerId(),
                bound,
                address,
                config.storePathRootDir());
        return bound;
    }

    // ---- wiring, one method per area ----------------------------------------------------------

    /** Authentication and authorization (docs/security.md): guard, ACL admin codes, signed requests. */
    private void wireAuth() throws IOException {
        auth = ServerAuth.forBroker(config.authSettings(), config.configDir());
        auth.install(transport, adminExecutor);
        auth.signOutgoing(namesrvClient);
    }

    /** Replication: the HA port on a master, the HA client on a slave; closed before the store. */
    private void wireReplication(String host) throws IOException {
        if (config.enableControllerMode()) {
            wireControllerMode(host);
            return;
        }
        replication = Replication.start(config, host, store.replicaLog(), clock);
        closeables.add(replication);
        registrar.setHaServerAddr(replication.haServerAddr());
        registrar.setMasterListener(replication::onMasterAddresses);
        appender.setReplicaWait(replication.replicaWait());
        if (!config.isMaster()) {
            appender.refuseAll();
        }
    }

    /**
     * Controller mode: the controller decides the role ({@link BrokerRoleSwitch} owns the
     * role-dependent parts and switches them live; {@link ControllerAgent} talks to the
     * controller). The agent starts once everything is wired ({@link #startControllerAgent}).
     */
    private void wireControllerMode(String host) throws IOException {
        controllerMode = ControllerMode.wire(
                config, host, address, store, clock, appender, registrar, namesrvClient, transport, adminExecutor);
        closeables.add(controllerMode);
        roleSwitch = controllerMode.roleSwitch();
        controllerAgent = controllerMode.agent();
        replication = controllerMode.initialReplication();
        registrar.setMasterListener((ha, master) -> {});
    }

    private void startControllerAgent() {
        if (controllerAgent != null) {
            controllerAgent.start();
        }
    }

    private void wireSend() {
        RequestProcessor send = config.isMaster()
                ? new SendMessageProcessor(live, topics, appender, storeHost, clock)
                : new SlaveRefusal();
        if (roleSwitch != null) {
            send = new RoleGate(
                    roleSwitch::isMaster,
                    new SendMessageProcessor(live, topics, appender, storeHost, clock),
                    new SlaveRefusal());
        }
        for (int code : List.of(
                RequestCode.SEND_MESSAGE,
                RequestCode.SEND_MESSAGE_V2,
                RequestCode.SEND_BATCH_MESSAGE,
                RequestCode.SEND_REPLY_MESSAGE,
                RequestCode.SEND_REPLY_MESSAGE_V2)) {
            transport.registerProcessor(code, send, sendExecutor);
        }
    }

    /** Heartbeats, consumer registry, pull with long polling, offsets ({@link ConsumeSide}). */
    private void wireConsume() {
        ConsumeSide side = new ConsumeSide(core, pullRoute());
        consumers = side.consumers;
        producers = side.producers;
        stats = side.stats;
        pullHolds = side.pullHolds;
        heldPolls = pullHolds::parkedCount;
        arrivals.add(pullHolds);
        closeables.add(pullHolds);
    }

    /** Retries, delay levels, transactions and timers ({@link DeferredMessages}). */
    private void wireDeferred() throws IOException {
        deferred = new DeferredMessages(core, producers, roleSwitch != null);
        queueLocks = deferred.queueLocks;
        delayProgress = deferred.delayProgress;
        delayDelivery = deferred.delayDelivery;
        halfTransactions = deferred.halfTransactions;
        transactionCheck = deferred.transactionCheck;
        timer = deferred.timer;
        deferred.arrivalListeners().forEach(arrivals::add);
        closeables.add(deferred);
    }

    /** Admin and query requests used by mqadmin. */
    private void wireAdmin() {
        ClientDirectory clients = new RegistryClientDirectory(consumers, producers);
        arrivals.add(stats);
        executors.housekeeping.scheduleWithFixedDelay("stats sample", 1_000, 1_000, stats::sample);
        BrokerRuntimeInfo runtime = new BrokerRuntimeInfo(
                this::isMasterNow,
                store,
                stats,
                DiskUsage.of(config.storePathRootDir()),
                executors.runtimeFigures(),
                clock,
                frameLimits,
                timer::runtimeFigures,
                () -> ReplicaRuntimeKeys.of(roleNow().name(), replicationView, copier));
        BrokerConfigEditor configEditor = new BrokerConfigEditor(
                live,
                runtimeFile,
                clock,
                LiveKeyEffects.of(topics, registrar, store, storeConfig.messageBodyMaxBytes()));
        register(
                TopicAdminProcessor.codes(),
                new TopicAdminProcessor(
                        config.brokerClusterName(), config.brokerName(), topics, offsets, store, stats));
        register(
                TopicStatsProcessor.codes(),
                new TopicStatsProcessor(config.brokerName(), address, topics, offsets, store, clients, stats));
        register(GroupAdminProcessor.codes(), new GroupAdminProcessor(config.brokerName(), groups, offsets, stats));
        register(
                ConsumerAdminProcessor.codes(),
                new ConsumerAdminProcessor(
                        config.brokerName(), this::isMasterNow, topics, groups, offsets, store, clients, stats));
        register(BrokerInfoProcessor.codes(), new BrokerInfoProcessor(runtime, configEditor));
        register(ReplicaAdminProcessor.codes(), new ReplicaAdminProcessor(offsets, delayProgress, replicationView));
        register(MessageQueryProcessor.codes(), new MessageQueryProcessor(store));
        register(
                StoreMaintenanceProcessor.codes(),
                new StoreMaintenanceProcessor(config.brokerClusterName(), config.brokerName(), topics, store));
    }

    /** The Prometheus endpoint, when {@code metricsExporterType=PROM} (see docs/metrics.md). */
    private void startMetrics() {
        closeables.add(metrics);
        metrics.serve(new BrokerParts(
                config,
                store,
                stats,
                topics,
                groups,
                offsets,
                consumers,
                producers,
                this::replication,
                frameLimits,
                executors.queueDepths(),
                heldPolls,
                () -> store instanceof DefaultMessageStore d ? d.dispatchedOffset() : store.commitLogMaxOffset(),
                DiskUsage.of(config.storePathRootDir()),
                refused,
                clock,
                transport.rpcLatency()));
    }

    /** Which broker pulls are sent to next (official rule; see {@link ReadSuggestion}). */
    private PullRoute pullRoute() {
        return ReadSuggestion.onThisMachine(
                config.slaveReadEnable(),
                config.accessMessageInMemoryMaxRatio(),
                () -> isMasterNow() ? 0 : registrar.registeredBrokerId(),
                store::commitLogMaxOffset,
                // the master is online while the name servers list it AND the link to it is up
                () -> {
                    Replication now = replication();
                    return registrar.masterAddr() != null && (now == null || now.isFollowing());
                });
    }

    /** The role served now (controller mode: the controller's latest word). */
    private BrokerRole roleNow() {
        BrokerRoleSwitch switcher = roleSwitch;
        return switcher != null ? switcher.role() : config.brokerRole();
    }

    private boolean isMasterNow() {
        return roleNow() != BrokerRole.SLAVE;
    }

    /** On a slave: copy the master's topics, groups and offsets (see {@link MetadataCopier}). */
    private void startMetadataCopy() {
        if (config.isMaster() || roleSwitch != null) {
            return;
        }
        copier = newCopier();
        closeables.add(copier);
        copier.start();
    }

    /** A copier of the master's metadata, users and ACLs, and timer checkpoint; not started. */
    private MetadataCopier newCopier() {
        MetadataCopier c = new MetadataCopier(
                namesrvClient,
                registrar::masterAddr,
                topics,
                groups,
                offsets,
                delayProgress,
                executors.ownThread("broker-replica-copy"),
                MetadataCopier.INTERVAL_MS);
        c.addCopy(new AuthCopy(auth.store(), AuthCopy.INTERVAL_MS)::copyFrom); // users and ACLs
        c.addCopy(new TimerCheckpointCopy(timer));
        return c;
    }

    /** Controller mode: what runs only as master or only as slave, switched with the role. */
    private void wireRoleDuties() {
        if (roleSwitch == null) {
            return;
        }
        roleSwitch.setDuties(new RoleDuties()
                .onMaster("delay delivery", delayDelivery::start, delayDelivery::stop)
                .onMaster("timer", timer::start, timer::stop)
                .onMaster(
                        "transaction check",
                        RoleDuties.periodic(
                                executors.housekeeping,
                                "transaction check",
                                transactionCheck::round,
                                transactionCheck.roundIntervalMs()))
                .onSlave("metadata copy", () -> (copier = newCopier()).start(), () -> {
                    MetadataCopier c = copier;
                    copier = null;
                    if (c != null) {
                        c.close();
                    }
                }));
    }

    private void register(List<Integer> codes, RequestProcessor processor) {
        for (int code : codes) {
            transport.registerProcessor(code, processor, adminExecutor);
        }
    }

    private void schedulePersistence() {
        long every = config.flushConsumerOffsetInterval();
        executors.housekeeping.scheduleWithFixedDelay("offsets persist", every, every, this::persistOffsets);
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot persist consumer offsets", e);
        }
    }

    // ---- accessors (tests, standalone) --------------------------------------------------------

    /** The address advertised to clients, "ip:port". */
    public String address() {
        return address;
    }

    /** The config now (run-time changes included). */
    public BrokerConfig config() {
        return live.get();
    }

    /** Users, ACLs and the request guard; null before {@link #start}. */
    public ServerAuth auth() {
        return auth;
    }

    public MessageStore store() {
        return store;
    }

    /** Broker-wide put and get counters (runtime info). */
    public BrokerStats stats() {
        return stats;
    }

    /** Empty pulls of {@code topic} held now, waiting for a message (tests wait on it). */
    public int heldPullCount(String topic) {
        return pullHolds.parkedCount(topic);
    }

    public TopicConfigTable topics() {
        return topics;
    }

    public SubscriptionGroupTable groups() {
        return groups;
    }

    public ConsumerOffsetTable offsets() {
        return offsets;
    }

    /** Consumer groups, members and subscriptions learned from heartbeats. */
    public ConsumerRegistry consumers() {
        return consumers;
    }

    /** Producer groups and members learned from heartbeats. */
    public ProducerRegistry producers() {
        return producers;
    }

    /** The broker's replication (HA port or HA client); in controller mode the current one. */
    public Replication replication() {
        return roleSwitch != null ? roleSwitch.replication() : replication;
    }

    /** Controller mode: the agent talking to the controller; null otherwise. */
    public ControllerAgent controllerAgent() {
        return controllerAgent;
    }

    /** Controller mode: the live role switch; null otherwise. */
    public BrokerRoleSwitch roleSwitch() {
        return roleSwitch;
    }

    public NamesrvRegistrar registrar() {
        return registrar;
    }

    public QueueLockTable queueLocks() {
        return queueLocks;
    }

    public DelayDeliveryService delayDelivery() {
        return delayDelivery;
    }

    /** Undecided half messages and the decisions on them. */
    public HalfTransactions halfTransactions() {
        return halfTransactions;
    }

    public TransactionCheckService transactionCheck() {
        return transactionCheck;
    }

    /** Replication as operators see it. */
    public ReplicationView replicationView() {
        return replicationView;
    }

    /** A slave's metadata copier; null on a master. */
    public MetadataCopier metadataCopier() {
        return copier;
    }

    /** Requests refused so far, by response code. */
    public RefusedRequests refusedRequests() {
        return refused;
    }

    /** Whether the broker serves requests (false while its store recovers). */
    public boolean isServing() {
        return gate != null && gate.isOpen();
    }

    /** The broker's metrics (endpoint port, when serving). */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** The timer of messages with a delivery time. */
    public TimerService timer() {
        return timer;
    }

    /** Unregisters, stops serving, persists offsets and closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        closeQuietly(registrar);
        closeQuietly(namesrvClient);
        closeQuietly(transport);
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeQuietly(closeables.get(i));
        }
        if (executors != null) {
            executors.close();
        }
        if (deferred != null) {
            deferred.persistTransactions();
        }
        if (offsets != null) {
            persistOffsets();
        }
        closeQuietly(store);
        log.info("broker {} stopped", config.brokerName());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("error while closing {}", c.getClass().getSimpleName(), e);
        }
    }
}
