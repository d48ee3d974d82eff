package dev.skiff.broker.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.concurrent.ManualScheduler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LongPollingServiceTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<ParkedPull> woken = new CopyOnWriteArrayList<>();

    private static ParkedPull pull(String topic, int queueId, long offset, String expression, long holdMs) {
        return new ParkedPull(
                null, null, topic, queueId, offset, TagFilter.of(TagFilter.parse(topic, expression)), holdMs, true);
    }

    @Test
    void anArrivalWakesOnlyThePullsThatWantIt() {
        LongPollingService service = new LongPollingService(clock, 100, woken::add);
        ParkedPull all = pull("T", 0, 5, "*", 15_000);
        ParkedPull tagB = pull("T", 0, 5, "TagB", 15_000);
        ParkedPull otherQueue = pull("T", 1, 5, "*", 15_000);
        ParkedPull further = pull("T", 0, 9, "*", 15_000);
        service.park(all);
        service.park(tagB);
        service.park(otherQueue);
        service.park(further);

        service.notifyArrival("T", 0, 5, "TagA".hashCode());

        assertThat(woken).containsExactly(all);
        assertThat(service.parkedCount()).isEqualTo(3);

        service.notifyArrival("T", 0, 6, "TagB".hashCode());
        assertThat(woken).containsExactly(all, tagB);
        service.notifyArrival("T", 0, 6, "TagB".hashCode());
        assertThat(woken).as("a pull is woken once").containsExactly(all, tagB);
    }

    @Test
    void heldPullsAreCountedPerTopic() {
        LongPollingService service = new LongPollingService(clock, 100, woken::add);
        service.park(pull("T", 0, 5, "*", 15_000));
        service.park(pull("T", 1, 5, "*", 15_000));
        service.park(pull("U", 0, 5, "*", 15_000));
        assertThat(service.parkedCount("T")).isEqualTo(2);
        assertThat(service.parkedCount("U")).isEqualTo(1);
        assertThat(service.parkedCount("V")).isZero();
        service.notifyArrival("T", 1, 5, 0);
        assertThat(service.parkedCount("T")).isEqualTo(1);
    }

    @Test
    void pullsExpireAtTheirOwnHoldTime() {
        LongPollingService service = new LongPollingService(clock, 100, woken::add);
        ParkedPull shortHold = pull("T", 0, 0, "*", 1_000);
        ParkedPull longHold = pull("T", 0, 0, "*", 15_000);
        service.park(longHold);
        service.park(shortHold);

        clock.advanceMs(999);
        assertThat(service.expireDue()).isZero();
        clock.advanceMs(1);
        assertThat(service.expireDue()).isEqualTo(1);
        assertThat(woken).containsExactly(shortHold);

        clock.advanceMs(14_000);
        service.expireDue();
        assertThat(woken).containsExactly(shortHold, longHold);
        assertThat(service.parkedCount()).isZero();
        service.notifyArrival("T", 0, 0, 0);
        assertThat(woken).as("an expired pull is not woken again").hasSize(2);
    }

    @Test
    void theExpiryDutyRunsOnTheGivenSchedulerAndStopsAtClose() {
        LongPollingService service = new LongPollingService(clock, 100, woken::add);
        ManualScheduler scheduler = new ManualScheduler(clock);
        service.start(scheduler);
        ParkedPull p = pull("T", 0, 0, "*", 1_000);
        service.park(p);

        scheduler.advanceMs(900);
        assertThat(woken).isEmpty();
        scheduler.advanceMs(1_000); // past the hold time and at least one tick
        assertThat(woken).containsExactly(p);

        service.close();
        assertThat(scheduler.pending()).as("the duty is cancelled").isZero();
    }

    @Test
    void wakeNowRacesArrivalAndExpiryExactlyOnce() {
        LongPollingService service = new LongPollingService(clock, 100, woken::add);
        ParkedPull p = pull("T", 0, 3, "*", 1_000);
        service.park(p);

        assertThat(service.wakeNow(p)).isTrue();
        assertThat(service.wakeNow(p)).isFalse();
        service.notifyArrival("T", 0, 3, 0);
        clock.advanceMs(2_000);
        service.expireDue();

        assertThat(woken).containsExactly(p);
    }

    @Test
    void parkingBeyondTheLimitIsRefused() {
        LongPollingService service = new LongPollingService(clock, 2, woken::add);
        assertThat(service.park(pull("T", 0, 0, "*", 1_000))).isTrue();
        assertThat(service.park(pull("T", 0, 0, "*", 1_000))).isTrue();
        assertThat(service.park(pull("T", 0, 0, "*", 1_000))).isFalse();

        service.notifyArrival("T", 0, 0, 0);

        assertThat(woken).hasSize(2);
        assertThat(service.park(pull("T", 0, 0, "*", 1_000))).isTrue();
    }

    @Test
    void withoutLongPollingOnlyTheHoldTimeEndsTheWait() {
        LongPollingService service = new LongPollingService(clock, 10, woken::add);
        ParkedPull shortPoll =
                new ParkedPull(null, null, "T", 0, 0, TagFilter.of(TagFilter.parse("T", "*")), 1_000, false);
        service.park(shortPoll);

        service.notifyArrival("T", 0, 0, 0);
        assertThat(woken).isEmpty();
        clock.advanceMs(1_000);
        service.expireDue();
        assertThat(woken).containsExactly(shortPoll);
    }
}
