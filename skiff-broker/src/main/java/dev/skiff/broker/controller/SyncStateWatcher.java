package dev.skiff.broker.controller;

import dev.skiff.common.SkiffClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's view of which replicas are in sync, proposed to the controller as a compare-and-set
 * (1001) when it differs from the controller's set. The classic HA connection does not say which
 * broker id a slave has, so each round the master lists the group's replicas (1006) and asks each
 * alive one for its epoch list and log end (1007, {@link EpochCache}). A replica is in sync while
 * it follows this master's epoch (its newest epoch is the master's) and, within the last {@code
 * maxNotCaughtUpMs}, reached the master's log end as it was at the previous round (the official
 * {@code haMaxTimeSlaveNotCatchup} rule). The master is always in the set.
 */
public final class SyncStateWatcher {
    private static final Logger log = LoggerFactory.getLogger(SyncStateWatcher.class);

    /** Asks a broker for its epoch cache. */
    public interface Probe {
        Answer epochs(String brokerAddress) throws Exception;
    }

    /** A replica's epoch cache and its side of its HA connection (null or empty when not following). */
    public record Answer(EpochCache epochs, String haClientAddr) {}

    private final ControllerLink link;
    private final Probe probe;
    private final LongSupplier maxOffset;
    private final SkiffClock clock;
    private final long maxNotCaughtUpMs;
    private final Map<Long, Long> caughtUpAtMs = new HashMap<>();
    private final Map<Long, String> haClientAddrs = new HashMap<>();
    private final SyncStateAcks acks;
    private long previousEnd = -1;

    public SyncStateWatcher(
            ControllerLink link, Probe probe, LongSupplier maxOffset, SkiffClock clock, long maxNotCaughtUpMs) {
        this(link, probe, maxOffset, clock, maxNotCaughtUpMs, new SyncStateAcks());
    }

    /** As above, keeping {@code acks} up to date with the set (for {@code allAckInSyncStateSet}). */
    public SyncStateWatcher(
            ControllerLink link,
            Probe probe,
            LongSupplier maxOffset,
            SkiffClock clock,
            long maxNotCaughtUpMs,
            SyncStateAcks acks) {
        this.acks = acks;
        this.link = link;
        this.probe = probe;
        this.maxOffset = maxOffset;
        this.clock = clock;
        this.maxNotCaughtUpMs = maxNotCaughtUpMs;
    }

    /**
     * One round as master {@code ownId} at {@code epoch}; {@code info} is the controller's last
     * answer. Returns the set proposed, or null when nothing changed.
     */
    public Set<Long> round(ControllerAgent agent, String leader, long ownId, int epoch, ReplicaInfo info)
            throws ControllerException {
        long end = maxOffset.getAsLong();
        long target = previousEnd < 0 ? end : previousEnd;
        long now = clock.nowMs();
        List<ControllerLink.Replica> replicas = link.replicas(leader);
        Set<Long> wanted = new TreeSet<>();
        wanted.add(ownId);
        for (ControllerLink.Replica r : replicas) {
            if (r.brokerId() == ownId || !r.alive() || r.address() == null) {
                continue;
            }
            try {
                Answer a = probe.epochs(r.address());
                EpochCache c = a.epochs();
                haClientAddrs.put(r.brokerId(), a.haClientAddr());
                if (!c.epochs().isEmpty() && c.lastEpoch() == epoch && c.maxOffset() >= target) {
                    caughtUpAtMs.put(r.brokerId(), now);
                }
            } catch (Exception e) {
                haClientAddrs.remove(r.brokerId());
                log.debug("replica {} did not answer: {}", r.address(), e.toString());
            }
            Long at = caughtUpAtMs.get(r.brokerId());
            if (at != null && now - at <= maxNotCaughtUpMs) {
                wanted.add(r.brokerId());
            }
        }
        previousEnd = end;
        if (wanted.equals(new TreeSet<>(info.syncStateSet()))) {
            acks.update(info.syncStateSet(), ownId, haClientAddrs);
            return null;
        }
        // a member leaving stops being waited for only once the controller agreed; one joining is
        // waited for from the proposal on (waiting for more is never unsafe)
        Set<Long> union = new TreeSet<>(info.syncStateSet());
        union.addAll(wanted);
        acks.update(union, ownId, haClientAddrs);
        int newEpoch;
        try {
            newEpoch = agent.proposeSyncStateSet(wanted, info.syncStateSetEpoch());
        } catch (ControllerException e) {
            acks.update(info.syncStateSet(), ownId, haClientAddrs);
            throw e;
        }
        acks.update(wanted, ownId, haClientAddrs);
        log.info("sync-state set now {} (set epoch {})", wanted, newEpoch);
        return wanted;
    }
}
