package dev.skiff.broker.ha;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.BrokerRole;
import dev.skiff.common.SkiffClock;
import dev.skiff.store.PutResult;
import dev.skiff.store.ReplicaLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's replication, the one object the broker wires: on a master the HA port ({@link
 * HaServer}), the in-sync set and, for a SYNC_MASTER, the wait of sends for their slaves ({@link
 * SyncReplicator}); on a slave the {@link HaClient}. Closing stops them in that order: no new
 * slave, the connections, then the waiters (answered FLUSH_SLAVE_TIMEOUT).
 */
public final class Replication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

    private final BrokerRole role;
    private final ReplicaLog log;
    private final SkiffClock clock;
    private final InSyncRule rule;
    private final HaServer server;
    private final SyncReplicator sync;
    private final HaClient client;
    private final String haServerAddr;
    /** A slave with a configured {@code haMasterAddress} keeps it whatever the name servers say. */
    private boolean fixedMaster;

    private Replication(
            BrokerRole role,
            ReplicaLog log,
            SkiffClock clock,
            InSyncRule rule,
            HaServer server,
            SyncReplicator sync,
            HaClient client,
            String haServerAddr) {
        this.role = role;
        this.log = log;
        this.clock = clock;
        this.rule = rule;
        this.server = server;
        this.sync = sync;
        this.client = client;
        this.haServerAddr = haServerAddr;
    }

    /**
     * Starts what {@code config}'s role needs: a master binds its HA port on {@code listenHost}
     * ({@link BrokerConfig#effectiveHaListenPort()}); a slave starts following {@code
     * haMasterAddress} (or waits for {@link #onMasterAddresses}). {@code advertisedHost} makes the
     * HA address registered with the name servers.
     */
    public static Replication start(BrokerConfig config, String advertisedHost, ReplicaLog log, SkiffClock clock)
            throws IOException {
        return start(config, advertisedHost, log, AckRule.COUNT, clock);
    }

    /** As {@link #start(BrokerConfig, String, ReplicaLog, SkiffClock)}, a SYNC_MASTER's sends waiting as {@code acks} says. */
    public static Replication start(
            BrokerConfig config, String advertisedHost, ReplicaLog log, AckRule acks, SkiffClock clock)
            throws IOException {
        HaSettings settings = HaSettings.of(config);
        InSyncRule rule = new InSyncRule(settings.maxGapBytes(), settings.maxNotCaughtUpMs());
        HaTls tls = config.haTlsEnable() ? HaTls.of(config.tlsOptions()) : null;
        if (!config.isMaster()) {
            HaClient client = new HaClient(config.haMasterAddress(), log, settings, tls, clock);
            client.start();
            String own = advertisedHost + ":" + config.effectiveHaListenPort();
            Replication r = new Replication(config.brokerRole(), log, clock, rule, null, null, client, own);
            r.fixedMaster = !config.haMasterAddress().isEmpty();
            return r;
        }
        SyncReplicator[] syncRef = new SyncReplicator[1];
        HaServer server = new HaServer(
                new InetSocketAddress(config.listenHost(), config.effectiveHaListenPort()),
                log,
                settings,
                rule,
                () -> {
                    SyncReplicator s = syncRef[0];
                    if (s != null) {
                        s.onReport();
                    }
                },
                new HaGate(HaAllowList.parse(config.haSlaveAllowList()), tls, clock),
                clock);
        SyncReplicator sync = null;
        if (config.brokerRole() == BrokerRole.SYNC_MASTER) {
            sync = new SyncReplicator(
                    settings.inSyncReplicas(),
                    settings.minInSyncReplicas(),
                    settings.syncTimeoutMs(),
                    rule,
                    server::links,
                    log::maxOffset,
                    acks,
                    clock);
            sync.start();
            syncRef[0] = sync;
        }
        server.start();
        String addr = advertisedHost + ":" + server.port();
        LOG.info(
                "{} serving replication on {}{} (slaves from {})",
                config.brokerRole(),
                addr,
                tls == null ? "" : " over mutual TLS",
                HaAllowList.parse(config.haSlaveAllowList()));
        return new Replication(config.brokerRole(), log, clock, rule, server, sync, null, addr);
    }

    /** The HA address to register with the name servers ({@code host:port}). */
    public String haServerAddr() {
        return haServerAddr;
    }

    /**
     * The wait a SYNC_MASTER's sends pass after the store (null for other roles): see {@link
     * SyncReplicator}.
     */
    public Function<PutResult, CompletableFuture<PutResult>> replicaWait() {
        return sync == null ? null : sync::await;
    }

    /**
     * The master addresses a name server answered a registration with; a slave without a
     * configured {@code haMasterAddress} follows the HA one.
     */
    public void onMasterAddresses(String masterHaAddr, String masterAddr) {
        if (client != null && !fixedMaster && masterHaAddr != null && !masterHaAddr.isEmpty()) {
            client.setMasterAddress(masterHaAddr);
        }
    }

    /** The HA port's admission counters (null on a slave). */
    HaGate gate() {
        return server == null ? null : server.gate();
    }

    /** Each connected slave as this master sees it; empty on a slave. */
    public List<ReplicationStatus> status() {
        if (server == null) {
            return List.of();
        }
        long max = log.maxOffset();
        long now = clock.nowMs();
        List<ReplicationStatus> out = new ArrayList<>();
        for (SlaveLink link : server.links()) {
            long ack = link.ackOffset;
            out.add(new ReplicationStatus(
                    link.address,
                    ack,
                    ack < 0 ? max : max - ack,
                    rule.inSync(link, max, now),
                    link.lastReportMs,
                    link.brokerId));
        }
        return out;
    }

    /** How many slaves are in the in-sync set now (0 on a slave). */
    public int inSyncSlaves() {
        int n = 0;
        for (ReplicationStatus s : status()) {
            n += s.inSync() ? 1 : 0;
        }
        return n;
    }

    /** A slave's master HA address now (null on a master or before one is known). */
    public String followedMaster() {
        return client == null ? null : client.masterAddress();
    }

    /**
     * A slave's side of its replication connection ({@code host:port}, as the master names the
     * slave in {@code haStatus} and in an {@link AckRule}); null on a master or while not connected.
     */
    public String haClientAddress() {
        return client == null ? null : client.localAddress();
    }

    /** Whether a slave is connected to its master now. */
    public boolean isFollowing() {
        return client != null && client.isConnected();
    }

    public BrokerRole role() {
        return role;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (sync != null) {
            sync.close();
        }
    }
}
