package dev.skiff.broker.controller;

import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's side of the controller protocol (docs/controller.md, "What a broker in controller
 * mode does"). Three duties on the injected {@link Scheduler}:
 *
 * <ul>
 *   <li>{@code controller-heartbeat}, every {@code heartbeatIntervalMs}: a heartbeat to every
 *       controller peer with the broker's id, the epoch it acts at, its commit-log end and its
 *       {@code heartbeatTimeoutMs}; a peer that fails does not stop the others.
 *   <li>{@code controller-sync}, every {@code pollMs}: until registered, find the leader, get or
 *       reuse the broker id ({@link BrokerIdFile}), register, ask for an election when the group
 *       has no master; then poll the replica info (the fallback for a lost role notice). Each round
 *       first sends the leader a heartbeat of its own, so the leader's record of this broker is
 *       never older than the round's start. Every answer goes through {@link RoleDecision}; only a
 *       larger master epoch acts.
 *   <li>{@code controller-lease}, every tenth of {@code leaseMs} (at most {@code pollMs}): a master
 *       whose last successful round with the controller leader <em>started</em> more than {@code
 *       leaseMs} ago is fenced (stops accepting writes) until a round started within the lease
 *       succeeds and still names it master at the same epoch. The lease counts from the start (on
 *       the monotonic clock), not the answer, so a late answer never stretches it.
 * </ul>
 *
 * <p>The lease is shorter than the heartbeat timeout by a margin ({@link LeaseTiming}): the leader
 * elects a new master no sooner than {@code heartbeatTimeoutMs} after the last heartbeat it
 * recorded, which is no earlier than the start of this broker's last successful round, so a master
 * stops writing at least the margin before any other can be elected. The duty above is not the only
 * guard: {@link #writeLeaseHeld} reads the clock on every append, so a master that wakes from a long
 * pause refuses writes before its lease duty has had a chance to run.
 *
 * Role notices (1008) come in through {@link #onRoleNotice}. All decisions run under this
 * object's lock, so the {@link RoleListener} sees one call at a time — except fencing: the
 * decisions hold that lock across controller calls, which hang while a partition lasts, so the
 * fenced flag has a lock of its own ({@code fenceLock}) that the lease check takes alone. Lock
 * order: this object, then {@code fenceLock}, then the listener's.
 */
public final class ControllerAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerAgent.class);
    /** {@code lastLeaderContactMs} before the first successful round. */
    private static final long NEVER = Long.MIN_VALUE;

    /** The agent's settings. */
    public record Settings(
            List<String> controllers,
            String ownAddress,
            long heartbeatIntervalMs,
            long leaseMs,
            long pollMs,
            long heartbeatTimeoutMs) {
        public Settings {
            if (leaseMs <= 0 || leaseMs > heartbeatTimeoutMs) {
                throw new IllegalArgumentException(
                        "lease " + leaseMs + " ms must be 1.." + heartbeatTimeoutMs + " (the heartbeat timeout)");
            }
        }

        /** Settings whose lease is the whole heartbeat timeout (no margin; tests of other duties). */
        public Settings(
                List<String> controllers, String ownAddress, long heartbeatIntervalMs, long leaseMs, long pollMs) {
            this(controllers, ownAddress, heartbeatIntervalMs, leaseMs, pollMs, leaseMs);
        }
    }

    private final Settings settings;
    private final ControllerLink link;
    private final Scheduler scheduler;
    private final BrokerIdFile idFile;
    private final EpochFile epochs;
    private final RoleListener listener;
    private final LongSupplier maxOffset;
    private final List<Scheduler.Cancellable> duties = new ArrayList<>();

    private volatile long brokerId = -1;
    private volatile int actedEpoch = -1;
    private volatile boolean master;
    private volatile boolean fenced; // changed under fenceLock
    private final Object fenceLock = new Object();
    private volatile String leader;
    private volatile long lastLeaderContactMs = NEVER; // monotonic ms
    private volatile ReplicaInfo lastInfo;
    private boolean registered;
    private String checkCode; // the code the broker id was applied with; under the lock
    private volatile long noticesReceived; // written under the lock, read without it
    private volatile SyncStateWatcher watcher;

    public ControllerAgent(
            Settings settings,
            ControllerLink link,
            Scheduler scheduler,
            BrokerIdFile idFile,
            EpochFile epochs,
            RoleListener listener,
            LongSupplier maxOffset) {
        if (settings.controllers().isEmpty()) {
            throw new IllegalArgumentException("no controller address");
        }
        this.settings = settings;
        this.link = link;
        this.scheduler = scheduler;
        this.idFile = idFile;
        this.epochs = epochs;
        this.listener = listener;
        this.maxOffset = maxOffset;
    }

    /** Starts the duties; the first sync runs at once. */
    public synchronized void start() {
        duties.add(scheduler.scheduleWithFixedDelay("controller-sync", 0, settings.pollMs(), this::syncOnce));
        duties.add(scheduler.scheduleWithFixedDelay(
                "controller-heartbeat", 0, settings.heartbeatIntervalMs(), this::heartbeatAll));
        long leaseCheckMs = Math.max(1, Math.min(settings.pollMs(), settings.leaseMs() / 10));
        duties.add(scheduler.scheduleWithFixedDelay("controller-lease", leaseCheckMs, leaseCheckMs, this::checkLease));
    }

    /** One heartbeat to every peer. */
    void heartbeatAll() {
        long id = brokerId;
        if (id < 0) {
            return;
        }
        for (String peer : settings.controllers()) {
            try {
                heartbeat(peer, id);
            } catch (ControllerException e) {
                log.debug("heartbeat to {} failed: {}", peer, e.getMessage());
            }
        }
    }

    private void heartbeat(String peer, long id) throws ControllerException {
        int epoch = Math.max(actedEpoch, epochs.lastEpoch());
        long end = maxOffset.getAsLong();
        link.heartbeat(peer, id, epoch, end, end, settings.heartbeatTimeoutMs());
    }

    /** Registers until registered, then polls the replica info. */
    synchronized void syncOnce() {
        try {
            String l = leader == null ? findLeader() : leader;
            leader = l;
            if (brokerId < 0) {
                brokerId = claimId(l);
            }
            long sentMs = monotonicMs(); // the lease counts from here: before the heartbeat below
            heartbeat(l, brokerId); // the leader's record of this broker is now no older than sentMs
            ReplicaInfo info;
            if (!registered) {
                info = register(l);
                registered = true;
                log.info("registered with controller {} as broker id {}", l, brokerId);
                if (!info.hasMaster()) {
                    info = link.electMaster(l, brokerId);
                }
            } else {
                info = link.replicaInfo(l);
            }
            contact(sentMs);
            apply(info);
            SyncStateWatcher w = watcher;
            if (w != null
                    && master
                    && !fenced
                    && info.hasMaster()
                    && info.masterBrokerId() == brokerId
                    && info.masterEpoch() == actedEpoch) {
                if (w.round(this, l, brokerId, actedEpoch, info) != null) {
                    lastInfo = link.replicaInfo(l);
                }
            }
        } catch (ControllerException e) {
            leader = null; // ask again next time
            log.info("controller call failed: {}", e.getMessage());
            if (e.code() == ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH
                    || e.code() == ControllerCodes.CONTROLLER_INVALID_MASTER) {
                fence(true);
            }
        } catch (IOException e) {
            log.error("cannot keep the controller broker id in {}", idFile, e);
        }
    }

    private ReplicaInfo register(String l) throws ControllerException, IOException {
        try {
            return link.register(l, brokerId, settings.ownAddress(), checkCode);
        } catch (ControllerException e) {
            if (e.code() == ControllerCodes.CONTROLLER_BROKER_ID_INVALID
                    || e.code() == ControllerCodes.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED) {
                log.error("the controller refused broker id {}: {}; claiming a new id", brokerId, e.getMessage());
                brokerId = -1;
                checkCode = null;
                idFile.delete();
            }
            throw e;
        }
    }

    private String findLeader() throws ControllerException {
        ControllerException last = null;
        for (String peer : settings.controllers()) {
            try {
                return link.leaderAddress(peer);
            } catch (ControllerException e) {
                last = e;
            }
        }
        throw last;
    }

    private long claimId(String l) throws ControllerException, IOException {
        BrokerIdFile.Claim claim = idFile.read();
        if (claim != null) {
            // the file is written before the claim is answered, so it may hold an id that went to
            // another broker (an answer lost to a timeout or a leader change): apply again with
            // the same code, which the controller accepts only from the broker that claimed it
            if (link.applyBrokerId(l, claim.brokerId(), claim.registerCheckCode())) {
                checkCode = claim.registerCheckCode();
                return claim.brokerId();
            }
            log.warn("broker id {} in {} went to another broker; claiming a new one", claim.brokerId(), idFile.path());
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            long next = link.nextBrokerId(l);
            String code = settings.ownAddress() + ";" + scheduler.clock().nowMs();
            BrokerIdFile.Claim c = new BrokerIdFile.Claim(next, code);
            idFile.write(c); // before use: a retry after a crash re-applies with the same code
            if (link.applyBrokerId(l, next, code)) {
                checkCode = code;
                return next;
            }
        }
        throw new ControllerException(ControllerCodes.CONTROLLER_BROKER_ID_INVALID, "no broker id after 10 tries");
    }

    /** A role-change notice (1008) from the controller leader. */
    public synchronized void onRoleNotice(ReplicaInfo info) {
        noticesReceived++;
        if (brokerId < 0) {
            return; // not registered yet: the registration answer will tell
        }
        apply(info);
    }

    private void apply(ReplicaInfo info) {
        lastInfo = info;
        RoleDecision.Action action = RoleDecision.decide(brokerId, actedEpoch, epochs.lastEpoch(), info);
        try {
            switch (action.kind()) {
                case IGNORE -> {
                    if (master
                            && fenced
                            && leaseHeld()
                            && info.masterEpoch() == actedEpoch
                            && info.hasMaster()
                            && info.masterBrokerId() == brokerId) {
                        fence(false); // the controller still names this broker master
                    }
                }
                case BECOME_MASTER -> {
                    long end = maxOffset.getAsLong();
                    if (epochs.lastEpoch() != action.epoch()) { // else: restarted, still master at it
                        epochs.truncateTo(end); // adopted epochs this log never received
                        epochs.append(action.epoch(), end); // before the first write at this epoch
                    }
                    actedEpoch = action.epoch();
                    master = true;
                    synchronized (fenceLock) {
                        fenced = false;
                    }
                    log.info("master at epoch {} from offset {}", action.epoch(), end);
                    listener.becomeMaster(action.epoch());
                }
                case BECOME_SLAVE -> {
                    actedEpoch = action.epoch();
                    master = false;
                    log.info("slave of {} at epoch {}", info.masterAddress(), action.epoch());
                    listener.becomeSlave(info.masterAddress(), info.masterBrokerId(), action.epoch());
                }
                case NO_MASTER -> {
                    actedEpoch = action.epoch();
                    if (master) {
                        fence(true);
                    }
                    ReplicaInfo elected = link.electMaster(leader, brokerId);
                    apply(elected);
                }
            }
        } catch (Exception e) {
            // the epoch stays as acted on; the next poll sees the same epoch and ignores it, so
            // a failed switch is retried by resetting the epoch
            actedEpoch = Math.min(actedEpoch, action.epoch() - 1);
            log.error("cannot act on {} at epoch {}", action.kind(), action.epoch(), e);
        }
    }

    private void contact(long sentMs) {
        lastLeaderContactMs = Math.max(lastLeaderContactMs, sentMs);
    }

    /** Whether the last successful round with the leader started within the lease. */
    private boolean leaseHeld() {
        long last = lastLeaderContactMs;
        return last != NEVER && monotonicMs() - last <= settings.leaseMs();
    }

    private long monotonicMs() {
        return scheduler.clock().monotonicNs() / 1_000_000L;
    }

    /**
     * Whether an append may go on now as far as the lease goes: true for a slave (its writes are
     * refused elsewhere), for a master only while its lease holds, read from the clock at the call.
     * The write path asks this on every append, so a master paused past its lease (a long GC, a
     * stopped process) refuses the first write after it wakes, before the lease duty runs.
     */
    public boolean writeLeaseHeld() {
        return !master || leaseHeld();
    }

    /** Fences a master past its lease; takes only {@code fenceLock}, never waits for a controller call. */
    void checkLease() {
        if (!master || fenced || lastLeaderContactMs == NEVER || leaseHeld()) {
            return;
        }
        synchronized (fenceLock) {
            if (master && !fenced && !leaseHeld()) {
                log.warn("no controller reached for {} ms: this master stops accepting writes", settings.leaseMs());
                fence(true);
            }
        }
    }

    private void fence(boolean on) {
        synchronized (fenceLock) {
            if (fenced != on) {
                fenced = on;
                listener.fenced(on);
            }
        }
    }

    /**
     * As master: proposes {@code set} to the controller (1001) at the epoch acted on; returns the
     * new set epoch. A fenced answer fences this broker.
     */
    public int proposeSyncStateSet(Set<Long> set, int setEpoch) throws ControllerException {
        String l = leader;
        if (l == null) {
            throw new ControllerException(-1, "no controller leader known");
        }
        try {
            return link.alterSyncStateSet(l, brokerId, actedEpoch, set, setEpoch);
        } catch (ControllerException e) {
            if (e.code() == ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH
                    || e.code() == ControllerCodes.CONTROLLER_INVALID_MASTER) {
                fence(true);
            }
            throw e;
        }
    }

    /** Sets the master's in-sync watcher, run after each poll while master. */
    public void setSyncStateWatcher(SyncStateWatcher watcher) {
        this.watcher = watcher;
    }

    /** Role-change notices that reached this agent (past the request checks). */
    public long noticesReceived() {
        return noticesReceived;
    }

    public long brokerId() {
        return brokerId;
    }

    public int epoch() {
        return actedEpoch;
    }

    public boolean isMaster() {
        return master;
    }

    public boolean isFenced() {
        return fenced;
    }

    /** The last answer from the controller (null before the first). */
    public ReplicaInfo lastInfo() {
        return lastInfo;
    }

    @Override
    public synchronized void close() {
        duties.forEach(Scheduler.Cancellable::cancel);
        duties.clear();
    }
}
