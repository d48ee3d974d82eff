package dev.skiff.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.store.PutResult;
import dev.skiff.store.PutStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncReplicatorTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final InSyncRule rule = new InSyncRule(1 << 20, 15_000);
    private final List<SlaveLink> links = new CopyOnWriteArrayList<>();
    private final AtomicLong masterMax = new AtomicLong();

    private SyncReplicator replicator(int inSyncReplicas, int minInSyncReplicas) {
        // not started: the test answers with the manual clock instead of the timeout thread
        return new SyncReplicator(inSyncReplicas, minInSyncReplicas, 5_000, rule, () -> links, masterMax::get, clock);
    }

    private SlaveLink slave(String name, long ack) {
        SlaveLink l = new SlaveLink(name);
        rule.onReport(l, ack, ack, clock.nowMs());
        links.add(l);
        return l;
    }

    private static PutResult stored(long offset, int bytes) {
        return new PutResult(PutStatus.PUT_OK, offset, bytes, 0, 1, 0, null);
    }

    @Test
    void acksNeededFollowTheReplicaCounts() {
        assertThat(SyncReplicator.slaveAcksNeeded(1, 1, 1)).isEqualTo(1); // a SYNC_MASTER wants one slave
        assertThat(SyncReplicator.slaveAcksNeeded(1, 1, 0)).isEqualTo(-1);
        assertThat(SyncReplicator.slaveAcksNeeded(3, 2, 2)).isEqualTo(2);
        assertThat(SyncReplicator.slaveAcksNeeded(3, 2, 1)).isEqualTo(1); // settles down to the minimum
        assertThat(SyncReplicator.slaveAcksNeeded(3, 2, 0)).isEqualTo(-1);
        assertThat(SyncReplicator.slaveAcksNeeded(3, 3, 1)).isEqualTo(-1);
        assertThat(SyncReplicator.slaveAcksNeeded(2, 2, 5)).isEqualTo(1);
    }

    @Test
    void oneReportAnswersEveryWaiterBelowIt() {
        masterMax.set(0);
        SlaveLink a = slave("a", 0);
        SyncReplicator r = replicator(2, 1);
        List<CompletableFuture<PutResult>> waits = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            masterMax.set((i + 1) * 100L);
            waits.add(r.await(stored(i * 100L, 100)));
        }
        assertThat(r.waiters()).isEqualTo(1_000);
        assertThat(waits).noneMatch(CompletableFuture::isDone);
        rule.onReport(a, 50_000, masterMax.get(), clock.nowMs());
        r.onReport();
        assertThat(waits.subList(0, 500)).allMatch(f -> f.join().status() == PutStatus.PUT_OK);
        assertThat(waits.subList(500, 1_000)).noneMatch(CompletableFuture::isDone);
        rule.onReport(a, 100_000, masterMax.get(), clock.nowMs());
        r.onReport();
        assertThat(waits).allMatch(f -> f.join().status() == PutStatus.PUT_OK);
        assertThat(r.waiters()).isZero();
    }

    @Test
    void twoAcksNeedTwoSlaves() {
        SlaveLink a = slave("a", 0);
        SlaveLink b = slave("b", 0);
        SyncReplicator r = replicator(3, 2);
        masterMax.set(100);
        CompletableFuture<PutResult> w = r.await(stored(0, 100));
        rule.onReport(a, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w).isNotDone();
        rule.onReport(b, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w.join().status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void lateWaitersGetFlushSlaveTimeout() {
        slave("a", 0);
        SyncReplicator r = replicator(2, 1);
        masterMax.set(200);
        CompletableFuture<PutResult> first = r.await(stored(0, 100));
        clock.advanceMs(3_000);
        CompletableFuture<PutResult> second = r.await(stored(100, 100));
        clock.advanceMs(2_001);
        r.onReport();
        r.onReport(); // no report covers them; the scan answers the late one only
        assertThat(first.join().status()).isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
        assertThat(first.join().physicalOffset()).isZero(); // stored all the same
        assertThat(second).isNotDone();
        clock.advanceMs(3_000);
        r.onReport();
        assertThat(second.join().status()).isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
    }

    @Test
    void tooFewInSyncSlavesAnswerSlaveNotAvailableAtOnce() {
        SyncReplicator r = replicator(2, 1);
        masterMax.set(100);
        assertThat(r.await(stored(0, 100)).join().status()).isEqualTo(PutStatus.SLAVE_NOT_AVAILABLE);
        SlaveLink a = slave("a", 0);
        masterMax.set(10L << 20); // the slave is now more than the gap behind
        assertThat(r.await(stored(100, 100)).join().status()).isEqualTo(PutStatus.SLAVE_NOT_AVAILABLE);
        rule.onReport(a, 10L << 20, 10L << 20, clock.nowMs());
        assertThat(r.await(stored(200, 100)).join().status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void closingAnswersEveryWaiter() {
        slave("a", 0);
        SyncReplicator r = replicator(2, 1);
        masterMax.set(100);
        CompletableFuture<PutResult> w = r.await(stored(0, 100));
        r.close();
        assertThat(w.join().status()).isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
    }

    @Test
    void aNamedSetNeedsEveryMemberNotJustEnoughSlaves() {
        SlaveLink a = slave("a", 0);
        SlaveLink b = slave("b", 0);
        SlaveLink c = slave("c", 0);
        AtomicReference<Set<AckRule.Member>> required =
                new AtomicReference<>(Set.of(new AckRule.Member(1, "a"), new AckRule.Member(2, "b")));
        // inSyncReplicas=2: the count rule would be satisfied by any one slave
        SyncReplicator r = new SyncReplicator(2, 1, 5_000, rule, () -> links, masterMax::get, required::get, clock);
        masterMax.set(100);
        CompletableFuture<PutResult> w = r.await(stored(0, 100));
        rule.onReport(c, 100, 100, clock.nowMs()); // not a member: does not count
        r.onReport();
        assertThat(w).isNotDone();
        rule.onReport(a, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w).isNotDone(); // b, a member, has not got it
        rule.onReport(b, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w.join().status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void aMemberThatIsNotConnectedHoldsTheSendUntilItTimesOut() {
        SlaveLink a = slave("a", 0);
        SlaveLink b = slave("b", 0);
        b.connected = false;
        AtomicReference<Set<AckRule.Member>> required =
                new AtomicReference<>(Set.of(new AckRule.Member(1, "a"), new AckRule.Member(2, "b")));
        SyncReplicator r = new SyncReplicator(2, 1, 5_000, rule, () -> links, masterMax::get, required::get, clock);
        masterMax.set(100);
        CompletableFuture<PutResult> w = r.await(stored(0, 100));
        rule.onReport(a, 100, 100, clock.nowMs());
        b.ackOffset = 100; // an old report of a gone connection does not count
        r.onReport();
        assertThat(w).isNotDone();
        clock.advanceMs(5_001);
        r.onReport();
        assertThat(w.join().status()).isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
        // the set shrank (the controller agreed): the next send needs a alone, read at check time
        CompletableFuture<PutResult> next = r.await(stored(100, 100));
        assertThat(next).isNotDone();
        required.set(Set.of(new AckRule.Member(1, "a")));
        rule.onReport(a, 200, 200, clock.nowMs());
        r.onReport();
        assertThat(next.join().status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void aSlaveThatSaidItsIdIsMatchedByIdNotByAddress() {
        // behind address translation the master sees another address than the slave reported
        SlaveLink translated = slave("10.0.0.9:40001", 0);
        translated.brokerId = 2;
        SlaveLink impostor = slave("127.0.0.1:50002", 0);
        impostor.brokerId = 3; // it has the member's reported address but says another id
        AtomicReference<Set<AckRule.Member>> required =
                new AtomicReference<>(Set.of(new AckRule.Member(2, "127.0.0.1:50002")));
        SyncReplicator r = new SyncReplicator(2, 1, 5_000, rule, () -> links, masterMax::get, required::get, clock);
        masterMax.set(100);
        CompletableFuture<PutResult> w = r.await(stored(0, 100));
        rule.onReport(impostor, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w).isNotDone();
        rule.onReport(translated, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w.join().status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void anEmptyNamedSetFallsBackToTheCount() {
        SlaveLink a = slave("a", 0);
        SyncReplicator r = new SyncReplicator(2, 1, 5_000, rule, () -> links, masterMax::get, () -> Set.of(), clock);
        masterMax.set(100);
        CompletableFuture<PutResult> w = r.await(stored(0, 100));
        assertThat(w).isNotDone(); // still one slave, as a SYNC_MASTER always waits for
        rule.onReport(a, 100, 100, clock.nowMs());
        r.onReport();
        assertThat(w.join().status()).isEqualTo(PutStatus.PUT_OK);
    }
}
