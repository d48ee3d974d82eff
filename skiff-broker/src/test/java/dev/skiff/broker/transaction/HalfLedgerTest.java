package dev.skiff.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.ManualClock;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import org.junit.jupiter.api.Test;

/** The check-back bookkeeping alone: reads, decisions, due times on a manual clock, snapshots. */
class HalfLedgerTest {
    private static final long TIMEOUT_MS = 6_000;
    private static final long INTERVAL_MS = 60_000;

    private final ManualClock clock = new ManualClock(1_000_000);
    private final HalfLedger ledger = new HalfLedger(TIMEOUT_MS, 100);

    private void half(long offset) {
        ledger.onHalf(offset, 1_000 + offset * 100, "pg", clock.nowMs(), 0);
    }

    private static HalfEntry unread(long offset) {
        return new HalfEntry(offset, 1_000 + offset * 100, "pg", 0, 0, Long.MAX_VALUE);
    }

    @Test
    void aHalfMessageIsDueAfterTheTimeoutThenEveryInterval() {
        half(0);
        clock.advanceMs(TIMEOUT_MS - 1);
        assertThat(ledger.due(clock.nowMs(), 10)).isEmpty();
        clock.advanceMs(1);
        assertThat(ledger.due(clock.nowMs(), 10))
                .extracting(HalfEntry::halfOffset)
                .containsExactly(0L);

        assertThat(ledger.checked(0, clock.nowMs(), INTERVAL_MS)).isTrue();
        assertThat(ledger.pendingEntry(0).checks()).isEqualTo(1);
        clock.advanceMs(INTERVAL_MS - 1);
        assertThat(ledger.due(clock.nowMs(), 10)).isEmpty();
        clock.advanceMs(1);
        assertThat(ledger.due(clock.nowMs(), 10)).hasSize(1);
        assertThat(ledger.nextDueMs()).isEqualTo(clock.nowMs());
    }

    @Test
    void checkImmunityLongerThanTheTimeoutDelaysTheFirstCheck() {
        ledger.onHalf(0, 10, "pg", clock.nowMs(), 20_000);
        ledger.onHalf(1, 20, "pg", clock.nowMs(), 1_000); // shorter than the timeout: the timeout wins
        clock.advanceMs(TIMEOUT_MS);
        assertThat(ledger.due(clock.nowMs(), 10))
                .extracting(HalfEntry::halfOffset)
                .containsExactly(1L);
        clock.advanceMs(20_000 - TIMEOUT_MS);
        assertThat(ledger.due(clock.nowMs(), 10))
                .extracting(HalfEntry::halfOffset)
                .containsExactly(0L, 1L);
    }

    @Test
    void aDecisionIsTakenOnceAndARepeatIsRefused() {
        half(0);
        assertThat(ledger.take(0, null)).isEqualTo(HalfLedger.Take.TAKEN);
        assertThat(ledger.take(0, null)).isEqualTo(HalfLedger.Take.IN_FLIGHT);
        ledger.done(0);
        assertThat(ledger.take(0, null)).isEqualTo(HalfLedger.Take.NOT_PENDING);
        assertThat(ledger.pendingCount()).isZero();
        assertThat(ledger.checked(0, clock.nowMs(), INTERVAL_MS))
                .as("a decided message is not checked")
                .isFalse();
    }

    @Test
    void aFailedDecisionPutsTheMessageBack() {
        half(0);
        clock.advanceMs(TIMEOUT_MS);
        ledger.take(0, null);
        assertThat(ledger.due(clock.nowMs(), 10)).as("in flight is not due").isEmpty();
        ledger.release(0);
        assertThat(ledger.due(clock.nowMs(), 10)).hasSize(1);
        assertThat(ledger.take(0, null)).isEqualTo(HalfLedger.Take.TAKEN);
    }

    @Test
    void aDecisionBeforeTheScanReadTheMessageMakesTheScanSkipIt() {
        assertThat(ledger.take(3, unread(3))).isEqualTo(HalfLedger.Take.TAKEN);
        ledger.done(3);
        assertThat(ledger.take(3, unread(3))).isEqualTo(HalfLedger.Take.NOT_PENDING);
        for (long i = 0; i < 5; i++) {
            half(i);
        }
        assertThat(ledger.pendingCount()).isEqualTo(4);
        assertThat(ledger.pendingEntry(3)).isNull();
        assertThat(ledger.take(3, null)).isEqualTo(HalfLedger.Take.NOT_PENDING);
    }

    @Test
    void aReleasedEarlyDecisionLeavesTheMessageForTheScan() {
        ledger.take(1, unread(1));
        half(0);
        half(1); // read while in flight
        ledger.release(1);
        assertThat(ledger.pendingEntry(1)).isNotNull();
        ledger.take(2, unread(2));
        ledger.release(2); // not read yet: nothing to put back, the scan will find it
        assertThat(ledger.pendingCount()).isEqualTo(2);
        half(2);
        assertThat(ledger.pendingEntry(2)).isNotNull();
    }

    @Test
    void opRecordsDecideReadAndUnreadMessagesAndReplayingThemChangesNothing() {
        half(0);
        half(1);
        ledger.onOp(0, new long[] {0, 5});
        assertThat(ledger.pendingEntry(0)).isNull();
        assertThat(ledger.pendingEntry(1)).isNotNull();
        for (long i = 2; i < 7; i++) {
            half(i);
        }
        assertThat(ledger.pendingEntry(5)).as("decided ahead").isNull();
        assertThat(ledger.pendingCount()).isEqualTo(5);
        assertThatThrownBy(() -> ledger.onOp(0, new long[] {1})).isInstanceOf(IllegalStateException.class);
        assertThat(ledger.opNext()).isEqualTo(1);
        assertThat(ledger.lowestUndecided()).isEqualTo(1);
    }

    @Test
    void theScanPausesWhenTheTableIsFull() {
        HalfLedger small = new HalfLedger(TIMEOUT_MS, 2);
        small.onHalf(0, 10, "pg", 0, 0);
        small.onHalf(1, 20, "pg", 0, 0);
        assertThat(small.hasRoom()).isFalse();
        assertThat(small.take(2, unread(2))).isEqualTo(HalfLedger.Take.FULL);
        assertThat(small.take(0, null)).isEqualTo(HalfLedger.Take.TAKEN);
        small.done(0);
        assertThat(small.hasRoom()).isTrue();
    }

    @Test
    void aSnapshotAndTheOpsWrittenAfterItRebuildTheSameState() throws Exception {
        for (long i = 0; i < 4; i++) {
            half(i);
        }
        ledger.checked(2, clock.nowMs() + TIMEOUT_MS, INTERVAL_MS);
        ledger.take(0, null);
        ledger.done(0);
        ledger.onOp(0, new long[] {0}); // the op record of that decision, read back
        ledger.take(1, null); // in flight at snapshot time: stays pending in the snapshot
        ledger.take(9, unread(9));
        ledger.done(9); // decided ahead
        byte[] snapshot = JsonWriter.toBytes(ledger.toJson(), JsonWriteOptions.FASTJSON);

        // after the snapshot: the decision on 1 is written as op 1
        ledger.done(1);
        HalfLedger restored = new HalfLedger(TIMEOUT_MS, 100);
        restored.load(JsonReader.parse(snapshot, JsonReader.Limits.DEFAULT).asObject());
        assertThat(restored.halfNext()).isEqualTo(4);
        assertThat(restored.opNext()).isEqualTo(1);
        assertThat(restored.pendingCount()).isEqualTo(3);
        assertThat(restored.pendingEntry(2).checks()).isEqualTo(1);
        restored.onOp(1, new long[] {1});
        assertThat(restored.pendingEntry(1)).isNull();
        restored.onOp(2, new long[] {0}); // a replayed op of something already gone: no effect
        for (long i = 4; i < 10; i++) {
            restored.onHalf(i, i * 100, "pg", 0, 0);
        }
        assertThat(restored.pendingEntry(9))
                .as("decided ahead before the snapshot")
                .isNull();
        assertThat(restored.pendingCount()).isEqualTo(2 + 5);
    }

    @Test
    void aMessageReadTwiceIsAProgrammingError() {
        half(0);
        assertThatThrownBy(() -> half(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ledger.done(7)).isInstanceOf(IllegalStateException.class);
    }
}
