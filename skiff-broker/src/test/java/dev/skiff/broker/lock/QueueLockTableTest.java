package dev.skiff.broker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.remoting.protocol.body.QueueRef;
import dev.skiff.remoting.testing.FakeChannel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueLockTableTest {
    private static final long LEASE_MS = 60_000;
    private static final QueueRef Q0 = new QueueRef("T", "b", 0);
    private static final QueueRef Q1 = new QueueRef("T", "b", 1);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final QueueLockTable table = new QueueLockTable(clock, LEASE_MS, 100);

    @Test
    void freeQueuesAreLockedAndRenewedByTheirHolder() {
        assertThat(table.tryLock("g", "c1", List.of(Q0, Q1), null)).containsExactly(Q0, Q1);
        clock.advanceMs(50_000);
        assertThat(table.tryLock("g", "c1", List.of(Q0), null)).containsExactly(Q0);
        clock.advanceMs(50_000);
        // Q0 renewed 50 s ago: still held; Q1 locked 100 s ago: lapsed
        assertThat(table.isLockedBy("g", Q0, "c1")).isTrue();
        assertThat(table.isLockedBy("g", Q1, "c1")).isFalse();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void anotherClientIsRefusedUntilTheLeaseLapses() {
        table.tryLock("g", "c1", List.of(Q0), null);
        assertThat(table.tryLock("g", "c2", List.of(Q0, Q1), null)).containsExactly(Q1);
        clock.advanceMs(LEASE_MS);
        assertThat(table.tryLock("g", "c2", List.of(Q0), null)).isEmpty();
        clock.advanceMs(1);
        assertThat(table.tryLock("g", "c2", List.of(Q0), null)).containsExactly(Q0);
        assertThat(table.isLockedBy("g", Q0, "c2")).isTrue();
        assertThat(table.isLockedBy("g", Q0, "c1")).isFalse();
    }

    @Test
    void groupsAreIndependent() {
        table.tryLock("g1", "c1", List.of(Q0), null);
        assertThat(table.tryLock("g2", "c2", List.of(Q0), null)).containsExactly(Q0);
    }

    @Test
    void onlyTheHolderUnlocks() {
        table.tryLock("g", "c1", List.of(Q0), null);
        table.unlock("g", "c2", List.of(Q0));
        assertThat(table.tryLock("g", "c2", List.of(Q0), null)).isEmpty();
        table.unlock("g", "c1", List.of(Q0));
        assertThat(table.size()).isZero();
        assertThat(table.tryLock("g", "c2", List.of(Q0), null)).containsExactly(Q0);
    }

    @Test
    void closingTheHoldersConnectionReleasesItsLeases() {
        FakeChannel ch1 = FakeChannel.at("127.0.0.1", 1);
        FakeChannel ch2 = FakeChannel.at("127.0.0.1", 2);
        table.tryLock("g", "c1", List.of(Q0), ch1);
        table.tryLock("g2", "c1", List.of(Q1), ch1);
        table.tryLock("g", "c2", List.of(Q1), ch2);
        table.onClose(ch1);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.tryLock("g", "c3", List.of(Q0), null)).containsExactly(Q0);
        assertThat(table.isLockedBy("g", Q1, "c2")).isTrue();
    }

    @Test
    void aStaleConnectionOfAClientThatMovedReleasesNothing() {
        FakeChannel old = FakeChannel.at("127.0.0.1", 1);
        FakeChannel current = FakeChannel.at("127.0.0.1", 2);
        table.tryLock("g", "c1", List.of(Q0), old);
        table.tryLock("g", "c1", List.of(Q0), current);
        table.onClose(old);
        assertThat(table.isLockedBy("g", Q0, "c1")).isTrue();
        table.onClose(current);
        assertThat(table.isLockedBy("g", Q0, "c1")).isFalse();
    }

    @Test
    void unexpiredLocksMarkAnOrderedGroup() {
        assertThat(table.hasUnexpiredLock("g")).isFalse();
        table.tryLock("g", "c1", List.of(Q0), null);
        assertThat(table.hasUnexpiredLock("g")).isTrue();
        assertThat(table.hasUnexpiredLock("other")).isFalse();
        clock.advanceMs(LEASE_MS + 1);
        assertThat(table.hasUnexpiredLock("g")).isFalse();
    }

    @Test
    void theTableIsBoundedAndPurgesLapsedLeasesWhenFull() {
        QueueLockTable small = new QueueLockTable(clock, LEASE_MS, 2);
        assertThat(small.tryLock("g", "c1", List.of(Q0, Q1), null)).hasSize(2);
        QueueRef q2 = new QueueRef("T", "b", 2);
        assertThat(small.tryLock("g", "c1", List.of(q2), null)).isEmpty();
        assertThat(small.size()).isEqualTo(2);
        clock.advanceMs(LEASE_MS + 1);
        assertThat(small.tryLock("g", "c2", Set.of(q2), null)).containsExactly(q2);
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.purgeLapsed()).isZero();
    }
}
