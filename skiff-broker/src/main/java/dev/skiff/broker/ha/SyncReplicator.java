package dev.skiff.broker.ha;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.PutResult;
import dev.skiff.store.PutStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait of a SYNC_MASTER's sends for their slaves. A send, once stored (and flushed as the
 * flush mode says), needs acknowledgements from {@link #slaveAcksNeeded} slaves: it is answered
 * PUT_OK as soon as that many slaves have reported an offset at or past its end, FLUSH_SLAVE_TIMEOUT
 * after {@code syncFlushTimeout}, or SLAVE_NOT_AVAILABLE at once when too few slaves are in sync.
 * Which slaves count is the {@link AckRule}: any (counted), or every slave it names (the in-sync
 * set under {@code allAckInSyncStateSet}).
 * Reports answer waiters on the connection's reader thread ({@link #onReport()}); one thread of
 * its own ({@code skiff-ha-acks}) answers the late ones every {@value #TIMEOUT_SCAN_MS} ms.
 */
final class SyncReplicator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncReplicator.class);
    static final int WAITERS_MAX = 100_000;
    static final long TIMEOUT_SCAN_MS = 10;

    private final int inSyncReplicas;
    private final int minInSyncReplicas;
    private final long timeoutNs;
    private final InSyncRule rule;
    private final Supplier<List<SlaveLink>> links;
    private final LongSupplier masterMax;
    private final AckRule ackRule;
    private final SkiffClock clock;
    private final ReplicaAckQueue waiting = new ReplicaAckQueue(WAITERS_MAX);
    private final ReplicaAckQueue.AckCount acks = this::covers;
    private final Thread thread;
    private volatile boolean running = true;

    SyncReplicator(
            int inSyncReplicas,
            int minInSyncReplicas,
            long timeoutMs,
            InSyncRule rule,
            Supplier<List<SlaveLink>> links,
            LongSupplier masterMax,
            SkiffClock clock) {
        this(inSyncReplicas, minInSyncReplicas, timeoutMs, rule, links, masterMax, AckRule.COUNT, clock);
    }

    SyncReplicator(
            int inSyncReplicas,
            int minInSyncReplicas,
            long timeoutMs,
            InSyncRule rule,
            Supplier<List<SlaveLink>> links,
            LongSupplier masterMax,
            AckRule ackRule,
            SkiffClock clock) {
        this.ackRule = ackRule;
        this.inSyncReplicas = inSyncReplicas;
        this.minInSyncReplicas = minInSyncReplicas;
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.rule = rule;
        this.links = links;
        this.masterMax = masterMax;
        this.clock = clock;
        this.thread = new Thread(this::run, "skiff-ha-acks");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Slave acknowledgements a send needs, given how many slaves are in sync now; -1 when too few
     * are (SLAVE_NOT_AVAILABLE). Replicas count the master: a SYNC_MASTER wants {@code
     * max(inSyncReplicas, 2)} replicas (so at least one slave); with fewer in sync it settles for
     * what is in sync down to {@code max(minInSyncReplicas, 2)}.
     */
    static int slaveAcksNeeded(int inSyncReplicas, int minInSyncReplicas, int inSyncSlaves) {
        int wanted = Math.max(inSyncReplicas, 2);
        int floor = Math.max(minInSyncReplicas, 2);
        int available = 1 + inSyncSlaves;
        if (available >= wanted) {
            return wanted - 1;
        }
        return available >= floor ? available - 1 : -1;
    }

    /** Completes with {@code stored}, or with it marked FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE. */
    CompletableFuture<PutResult> await(PutResult stored) {
        long end = stored.physicalOffset() + stored.wroteBytes();
        int need = slaveAcksNeeded(inSyncReplicas, minInSyncReplicas, inSyncSlaves());
        if (need < 0) {
            return CompletableFuture.completedFuture(stored.withStatus(PutStatus.SLAVE_NOT_AVAILABLE));
        }
        if (covers(end, need)) {
            return CompletableFuture.completedFuture(stored);
        }
        Waiter w = new Waiter(stored);
        if (!running || !waiting.offer(end, need, clock.monotonicNs() + timeoutNs, w)) {
            return CompletableFuture.completedFuture(stored.withStatus(PutStatus.FLUSH_SLAVE_TIMEOUT));
        }
        // a report may have come between the check and the offer: answer now rather than wait for the next
        waiting.answer(acks, clock.monotonicNs());
        return w;
    }

    /** A slave reported: answer every waiter it covers, on the caller's thread. */
    void onReport() {
        if (!waiting.isEmpty()) {
            waiting.answer(acks, clock.monotonicNs());
        }
    }

    int waiters() {
        return waiting.size();
    }

    int inSyncSlaves() {
        long max = masterMax.getAsLong();
        long now = clock.nowMs();
        int n = 0;
        for (SlaveLink link : links.get()) {
            if (rule.inSync(link, max, now)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the slaves have {@code offset}: every slave the {@link AckRule} names, or, when it
     * names none, at least {@code needed} slaves.
     */
    boolean covers(long offset, int needed) {
        Set<AckRule.Member> required = ackRule.requiredSlaves();
        if (required == null || required.isEmpty()) {
            return acksAtLeast(offset) >= needed;
        }
        List<SlaveLink> now = links.get();
        for (AckRule.Member slave : required) {
            if (!acked(now, slave, offset)) {
                return false;
            }
        }
        return true;
    }

    private static boolean acked(List<SlaveLink> links, AckRule.Member slave, long offset) {
        for (SlaveLink link : links) {
            if (link.connected && link.ackOffset >= offset && slave.matches(link)) {
                return true;
            }
        }
        return false;
    }

    private int acksAtLeast(long offset) {
        int n = 0;
        for (SlaveLink link : links.get()) {
            if (link.connected && link.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    private void run() {
        while (running) {
            try {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TIMEOUT_SCAN_MS));
                if (!waiting.isEmpty()) {
                    waiting.answer(acks, clock.monotonicNs());
                }
            } catch (Throwable t) {
                LOG.error("answering replica waiters failed", t);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.answerAll(PutStatus.FLUSH_SLAVE_TIMEOUT);
    }

    /** A send's wait: its own listener, one allocation per waiting send. */
    private static final class Waiter extends CompletableFuture<PutResult> implements ReplicaAckQueue.Listener {
        private final PutResult stored;

        Waiter(PutResult stored) {
            this.stored = stored;
        }

        @Override
        public void replicated(PutStatus status) {
            complete(status == PutStatus.PUT_OK ? stored : stored.withStatus(status));
        }
    }
}
