package dev.skiff.namesrv;

import dev.skiff.auth.ServerAuth;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;
import dev.skiff.namesrv.config.LiveConfig;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.namesrv.kv.KvConfigStore;
import dev.skiff.namesrv.metrics.NamesrvMetrics;
import dev.skiff.namesrv.processor.AdminProcessor;
import dev.skiff.namesrv.processor.BrokerProcessor;
import dev.skiff.namesrv.processor.RouteQueryProcessor;
import dev.skiff.namesrv.route.RouteCache;
import dev.skiff.namesrv.route.RouteRegistry;
import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.protocol.RequestCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One name server: the assembly of registry, KV store, route cache, processors on their own
 * bounded executors, liveness scan and transport.
 *
 * <pre>{@code
 * try (NamesrvServer server = new NamesrvServer(config, SkiffClock.system())) {
 *     InetSocketAddress bound = server.start();
 *     ...
 * }
 * }</pre>
 *
 * Threads: the transport's I/O threads; {@code namesrv-route-N} for route and list reads;
 * {@code namesrv-register-N} for registrations, heartbeats and admin writes; the liveness scan,
 * which drops silent brokers every {@code scanIntervalMs} on a {@link Scheduler} (one {@code
 * namesrv-scan} thread; tests may pass a manual scheduler and move its clock instead).
 */
public final class NamesrvServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamesrvServer.class);
    private static final List<Integer> ROUTE_CODES = List.of(
            RequestCode.GET_ROUTEINFO_BY_TOPIC,
            RequestCode.GET_BROKER_CLUSTER_INFO,
            RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
            RequestCode.GET_TOPICS_BY_CLUSTER,
            RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
            RequestCode.GET_UNIT_TOPIC_LIST,
            RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
            RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
            RequestCode.GET_BROKER_MEMBER_GROUP);
    private static final List<Integer> BROKER_CODES = List.of(
            RequestCode.REGISTER_BROKER,
            RequestCode.UNREGISTER_BROKER,
            RequestCode.QUERY_DATA_VERSION,
            RequestCode.BROKER_HEARTBEAT,
            RequestCode.REGISTER_TOPIC_IN_NAMESRV);
    private static final List<Integer> ADMIN_CODES = List.of(
            RequestCode.PUT_KV_CONFIG,
            RequestCode.GET_KV_CONFIG,
            RequestCode.DELETE_KV_CONFIG,
            RequestCode.GET_KVLIST_BY_NAMESPACE,
            RequestCode.WIPE_WRITE_PERM_OF_BROKER,
            RequestCode.ADD_WRITE_PERM_OF_BROKER,
            RequestCode.DELETE_TOPIC_IN_NAMESRV,
            RequestCode.UPDATE_NAMESRV_CONFIG,
            RequestCode.GET_NAMESRV_CONFIG);

    private final NamesrvConfig config;
    private final SkiffClock clock;
    private final Function<RemotingServerConfig, RemotingServer> transportFactory;
    private final LiveConfig liveConfig;
    private final RouteRegistry registry;
    private final RouteCache routeCache;
    private KvConfigStore kvStore;
    private RemotingServer transport;
    private ExecutorService routeExecutor;
    private ExecutorService registerExecutor;
    /** Runs the liveness scan; owned (closed by {@link #close}). */
    private final Scheduler scanner;

    private NamesrvMetrics metrics;
    private boolean started;
    private boolean closed;

    /** A name server on the Netty transport. */
    public NamesrvServer(NamesrvConfig config, SkiffClock clock) {
        this(config, clock, NettyRemotingServer::new);
    }

    /** A name server on the given transport (tests may pass a fake). */
    public NamesrvServer(
            NamesrvConfig config, SkiffClock clock, Function<RemotingServerConfig, RemotingServer> transportFactory) {
        this(config, transportFactory, new ThreadScheduler("namesrv-scan", 1, clock));
    }

    /**
     * A name server whose liveness scan runs on {@code scanner}, which it owns (tests pass a
     * {@code ManualScheduler}); its clock is the scanner's.
     */
    public NamesrvServer(
            NamesrvConfig config, Function<RemotingServerConfig, RemotingServer> transportFactory, Scheduler scanner) {
        this.config = config;
        this.clock = scanner.clock();
        this.scanner = scanner;
        this.transportFactory = transportFactory;
        this.liveConfig = new LiveConfig(config);
        this.registry = new RouteRegistry(clock, config.brokerTimeoutMs());
        this.routeCache = new RouteCache(config.routeCacheTopicsMax());
    }

    /**
     * Loads the KV store, binds and starts serving.
     *
     * @return the bound address (a free port when {@code listenPort} is 0)
     */
    public synchronized InetSocketAddress start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        kvStore = KvConfigStore.open(config.kvConfigFile(), config.kvEntriesMax());
        routeExecutor = BoundedExecutors.fixed("namesrv-route", config.routeThreads(), config.routeQueueCapacity());
        registerExecutor =
                BoundedExecutors.fixed("namesrv-register", config.registerThreads(), config.registerQueueCapacity());
        transport = transportFactory.apply(config.transportConfig());
        RouteQueryProcessor routes = new RouteQueryProcessor(registry, kvStore, liveConfig, routeCache);
        BrokerProcessor brokers = new BrokerProcessor(registry, kvStore, liveConfig);
        AdminProcessor admin = new AdminProcessor(registry, kvStore, liveConfig, routeCache);
        ROUTE_CODES.forEach(code -> transport.registerProcessor(code, routes, routeExecutor));
        BROKER_CODES.forEach(code -> transport.registerProcessor(code, brokers, registerExecutor));
        ADMIN_CODES.forEach(code -> transport.registerProcessor(code, admin, registerExecutor));
        ServerAuth.forNamesrv(config.authSettings()).install(transport, registerExecutor); // docs/security.md
        transport.addChannelEventListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                registry.onChannelClosed(channel);
            }
        });
        InetSocketAddress bound = transport.start();
        scanner.scheduleWithFixedDelay(
                "liveness scan", config.scanIntervalMs(), config.scanIntervalMs(), registry::scanInactive);
        metrics = NamesrvMetrics.startIfEnabled(config, registry, transport.rpcLatency(), address());
        log.info("name server listening on {} (home {})", bound, config.homeDir());
        return bound;
    }

    /** Runs one liveness scan now, with the injected clock; returns how many brokers were dropped. */
    public int scanNow() {
        return registry.scanInactive();
    }

    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /** The address as "host:port" for clients, with 127.0.0.1 for a wildcard bind. */
    public String address() {
        InetSocketAddress bound = localAddress();
        String host = bound.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : bound.getAddress().getHostAddress();
        return host + ":" + bound.getPort();
    }

    public RouteRegistry registry() {
        return registry;
    }

    public KvConfigStore kvStore() {
        return kvStore;
    }

    public LiveConfig liveConfig() {
        return liveConfig;
    }

    /** The metrics endpoint; null unless {@code metricsExporterType=PROM}. */
    public NamesrvMetrics metrics() {
        return metrics;
    }

    public SkiffClock clock() {
        return clock;
    }

    /** Stops the transport, the scan and the executors; bounded wait. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (metrics != null) {
            metrics.close();
        }
        if (transport != null) {
            transport.shutdown();
        }
        scanner.close();
        for (ExecutorService executor : new ExecutorService[] {routeExecutor, registerExecutor}) {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        try {
            for (ExecutorService executor : new ExecutorService[] {routeExecutor, registerExecutor}) {
                if (executor != null && !executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("executor did not stop within 5 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("name server stopped");
    }
}
