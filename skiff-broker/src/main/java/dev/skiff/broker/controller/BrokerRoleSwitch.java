package dev.skiff.broker.controller;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.BrokerRole;
import dev.skiff.broker.ha.AckRule;
import dev.skiff.broker.ha.HaPortHold;
import dev.skiff.broker.ha.Replication;
import dev.skiff.broker.registry.NamesrvRegistrar;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.store.MessageStore;
import java.io.IOException;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role-dependent parts of a broker in controller mode, switched while it runs: its {@link
 * Replication} (the HA port as master, the HA client as slave), whether the {@link
 * MessageAppender} accepts writes, and the id it registers with the name servers.
 *
 * <ul>
 *   <li>Start: undecided, writes refused, replication as a slave with no master; the HA port is
 *       held ({@link HaPortHold}) so that it is free when the broker is promoted.
 *   <li>{@link #becomeMaster}: stop the HA client, serve the HA port (SYNC_MASTER when so
 *       configured, else ASYNC_MASTER), accept writes, register as {@code brokerId=0} at once,
 *       with the epoch as the registered state version.
 *   <li>{@link #becomeSlave}: refuse writes, stop replication, ask the master for its epoch list
 *       ({@code GET_BROKER_EPOCH_CACHE}, 1007, waiting until it lists the epoch the controller
 *       named), cut the log to the last common point ({@link EpochHistory}), adopt the master's
 *       list, follow its HA address, register with the broker's own id.
 *   <li>{@link #fenced}: writes refused while the master cannot reach the controller.
 *   <li>With the role go its {@link RoleDuties}: delay delivery, timer firing and the transaction
 *       check-back run only as master (started once writes are accepted), the metadata copy only
 *       as slave (started once it follows); leaving the master role stops them before the log is
 *       cut.
 * </ul>
 *
 * Calls come one at a time from the {@link ControllerAgent}.
 */
public final class BrokerRoleSwitch implements RoleListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerRoleSwitch.class);
    /** How long a new slave waits for its master's epoch list to name the new epoch and its HA address. */
    static final long EPOCH_WAIT_MS = 5_000;
    /** How long a new master waits for its replicated records to be dispatched before writing. */
    static final long ADOPT_WAIT_MS = 10_000;

    private final BrokerConfig base;
    private final String advertisedHost;
    private final MessageStore store;
    private final SkiffClock clock;
    private final MessageAppender appender;
    private final NamesrvRegistrar registrar;
    private final EpochFile epochs;
    private final RemotingClient client;
    private volatile LongSupplier ownId = () -> -1;
    private volatile RoleDuties duties = new RoleDuties();
    private final SyncStateAcks acks = new SyncStateAcks();
    private volatile Replication replication;
    /** The HA port while not master (see {@link HaPortHold}); null before {@link #start}. */
    private HaPortHold haPortHold;

    private volatile boolean master;
    private volatile boolean fenced;
    private volatile long lastTruncation = -1;

    public BrokerRoleSwitch(
            BrokerConfig base,
            String advertisedHost,
            MessageStore store,
            SkiffClock clock,
            MessageAppender appender,
            NamesrvRegistrar registrar,
            EpochFile epochs,
            RemotingClient client) {
        this.base = base;
        this.advertisedHost = advertisedHost;
        this.store = store;
        this.clock = clock;
        this.appender = appender;
        this.registrar = registrar;
        this.epochs = epochs;
        this.client = client;
    }

    /** Starts undecided: no writes, a replication client without a master. */
    public synchronized Replication start() throws IOException {
        appender.refuseAll(true);
        registrar.setBrokerIdOverride(NamesrvRegistrar.HOLD); // not as the config's id: the controller decides
        haPortHold = HaPortHold.take(base.listenHost(), base.effectiveHaListenPort());
        replication = Replication.start(roleConfig(BrokerRole.SLAVE, ""), advertisedHost, store.replicaLog(), clock);
        registrar.setHaServerAddr(replication.haServerAddr());
        return replication;
    }

    /** The in-sync set a master's sends wait for under {@code allAckInSyncStateSet} (the watcher updates it). */
    public SyncStateAcks syncStateAcks() {
        return acks;
    }

    /** The duties to start and stop with the role (delay, timer, transaction check; metadata copy). */
    public void setDuties(RoleDuties duties) {
        this.duties = duties;
    }

    /** The duties switched with the role. */
    public RoleDuties duties() {
        return duties;
    }

    /** Where the broker's controller id comes from (the agent). */
    public void setOwnId(LongSupplier id) {
        this.ownId = id;
    }

    @Override
    public synchronized void becomeMaster(int epoch) throws IOException {
        long startNs = clock.monotonicNs();
        long closedNs = startNs;
        long adoptedNs = startNs;
        if (!master) {
            closeReplication();
            closedNs = clock.monotonicNs();
            // the replicated records moved no next-queue offset: take them from the consume queues
            // before the first write, or new records would reuse queue offsets of replicated ones
            if (!store.adoptQueueOffsets(ADOPT_WAIT_MS)) {
                throw new IOException("replicated records not dispatched within " + ADOPT_WAIT_MS + " ms");
            }
            adoptedNs = clock.monotonicNs();
            BrokerRole role = masterRole();
            acks.clear();
            AckRule rule = base.allAckInSyncStateSet() ? acks : AckRule.COUNT;
            releaseHaPort();
            replication = Replication.start(roleConfig(role, ""), advertisedHost, store.replicaLog(), rule, clock);
            appender.setReplicaWait(replication.replicaWait());
            registrar.setHaServerAddr(replication.haServerAddr());
        }
        master = true;
        fenced = false;
        applyWrites();
        long writableNs = clock.monotonicNs();
        registrar.setBrokerIdOverride(0);
        registrar.setStateVersion(epoch);
        registrar.registerAll();
        long registeredNs = clock.monotonicNs();
        duties.asMaster(); // after writes are accepted: the delay and timer services write
        log.info(
                "now master at epoch {} (log end {}); writes accepted after {} ms (HA client closed {},"
                        + " queue offsets {}, HA port {}), registered after {} ms, duties after {} ms",
                epoch,
                store.commitLogMaxOffset(),
                ms(writableNs - startNs),
                ms(closedNs - startNs),
                ms(adoptedNs - closedNs),
                ms(writableNs - adoptedNs),
                ms(registeredNs - startNs),
                ms(clock.monotonicNs() - startNs));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000L;
    }

    @Override
    public synchronized void becomeSlave(String masterAddress, long masterBrokerId, int epoch) throws Exception {
        master = false;
        applyWrites();
        duties.none(); // nothing of this broker's own writes any more, before the log may be cut
        closeReplication();
        retakeHaPort();
        appender.setReplicaWait(null);
        EpochCacheRequest.Reply answer = new MasterEpochs(client, clock).await(masterAddress, epoch, EPOCH_WAIT_MS);
        if (!answer.hasHaAddress()) {
            throw new IOException("master " + masterAddress + " named no HA address within " + EPOCH_WAIT_MS + " ms");
        }
        EpochCache theirs = answer.epochs();
        long end = store.commitLogMaxOffset();
        long common = EpochHistory.commonEnd(epochs.entries(), end, theirs.epochs(), theirs.maxOffset());
        if (common < end) {
            long after = store.truncateTo(common);
            lastTruncation = after;
            log.warn(
                    "log cut from {} to {}: the bytes after were never on master {} (epoch {})",
                    end,
                    after,
                    masterAddress,
                    epoch);
        }
        epochs.replaceWith(theirs.epochs());
        String ha = answer.haServerAddr();
        replication = Replication.start(roleConfig(BrokerRole.SLAVE, ha), advertisedHost, store.replicaLog(), clock);
        registrar.setHaServerAddr(replication.haServerAddr());
        registrar.setBrokerIdOverride(ownId.getAsLong());
        registrar.setStateVersion(epoch);
        registrar.registerAll();
        duties.asSlave();
        log.info("now slave of {} (HA {}) at epoch {}", masterAddress, ha, epoch);
    }

    /** A broker's epoch cache (1007) and its HA connection, for the master's in-sync watcher. */
    public SyncStateWatcher.Answer epochsOf(String brokerAddress) throws Exception {
        EpochCacheRequest.Reply r = EpochCacheRequest.ask(client, brokerAddress, 2_000);
        return new SyncStateWatcher.Answer(r.epochs(), r.haClientAddr());
    }

    /** The slave's side of its HA connection now (null on a master or when not connected). */
    public String haClientAddress() {
        Replication r = replication;
        return r == null ? null : r.haClientAddress();
    }

    @Override
    public synchronized void fenced(boolean fenced) {
        this.fenced = fenced;
        applyWrites();
        log.warn(fenced ? "writes stopped: fenced" : "writes resumed");
    }

    private void applyWrites() {
        appender.refuseAll(!master || fenced);
    }

    /** Whether sends are served as master now (fenced or not). */
    public boolean isMaster() {
        return master;
    }

    /** The role served now: the master role the broker's config names (sync or async), or slave. */
    public BrokerRole role() {
        return master ? masterRole() : BrokerRole.SLAVE;
    }

    private BrokerRole masterRole() {
        return base.brokerRole() == BrokerRole.SYNC_MASTER ? BrokerRole.SYNC_MASTER : BrokerRole.ASYNC_MASTER;
    }

    public boolean isFenced() {
        return fenced;
    }

    /** The replication now. */
    public Replication replication() {
        return replication;
    }

    /** The log end after the last cut, -1 when none. */
    public long lastTruncation() {
        return lastTruncation;
    }

    private void closeReplication() {
        Replication r = replication;
        if (r != null) {
            r.close();
        }
        replication = null;
    }

    private void releaseHaPort() {
        if (haPortHold != null) {
            haPortHold.release();
        }
    }

    /** After a step down: the HA server has closed; hold its port until the next promotion. */
    private void retakeHaPort() {
        if (haPortHold == null) {
            return;
        }
        try {
            haPortHold.retake();
        } catch (IOException e) {
            // taken in the moment between the server's close and now; the next promotion says so
            log.warn("cannot hold the HA port again after stepping down: {}", e.getMessage());
        }
    }

    private BrokerConfig roleConfig(BrokerRole role, String haMaster) {
        Properties p = base.toProperties();
        p.setProperty("brokerRole", role.name());
        p.setProperty("haMasterAddress", haMaster);
        long id = ownId.getAsLong();
        if (id > 0) {
            // the id the controller gave: a slave says it in its replication hello
            p.setProperty("brokerId", Long.toString(id));
        }
        return BrokerConfig.fromProperties(p);
    }

    @Override
    public synchronized void close() {
        duties.none();
        closeReplication();
        releaseHaPort();
    }
}
