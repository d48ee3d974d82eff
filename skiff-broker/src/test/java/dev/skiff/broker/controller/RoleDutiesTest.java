package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.concurrent.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleDutiesTest {
    private final List<String> events = new ArrayList<>();

    private RoleDuties duties() {
        return new RoleDuties()
                .onMaster("delay", () -> events.add("+delay"), () -> events.add("-delay"))
                .onMaster("timer", () -> events.add("+timer"), () -> events.add("-timer"))
                .onSlave("copy", () -> events.add("+copy"), () -> events.add("-copy"));
    }

    @Test
    void eachRoleStartsItsDutiesAndStopsTheOthers() {
        RoleDuties d = duties();
        d.asSlave();
        assertThat(events).containsExactly("-timer", "-delay", "+copy"); // stopping what never ran is harmless
        events.clear();
        d.asMaster();
        assertThat(events).containsExactly("-copy", "+delay", "+timer");
        events.clear();
        d.asMaster(); // idempotent: a repeated notice starts nothing twice
        assertThat(events).isEmpty();
        d.none();
        assertThat(events).containsExactly("-timer", "-delay", "-copy");
        assertThat(d.role()).isEqualTo("NONE");
    }

    @Test
    void aDutyThatFailsToStartDoesNotKeepTheOthersFromStarting() {
        RoleDuties d = new RoleDuties()
                .onMaster(
                        "broken",
                        () -> {
                            throw new IllegalStateException("no");
                        },
                        () -> {})
                .onMaster("timer", () -> events.add("+timer"), () -> events.add("-timer"));
        d.asMaster();
        assertThat(events).containsExactly("+timer");
        assertThat(d.role()).isEqualTo("MASTER");
    }

    @Test
    void aPeriodicDutyRunsOnlyWhileItsRoleLasts() {
        ManualScheduler scheduler = new ManualScheduler(new ManualClock(0));
        int[] runs = {0};
        RoleDuties d = new RoleDuties().onMaster("check", RoleDuties.periodic(scheduler, "check", () -> runs[0]++, 10));
        assertThat(scheduler.advanceMs(100)).isZero();
        d.asMaster();
        assertThat(scheduler.advanceMs(20)).isEqualTo(3); // at 0, 10 and 20 ms of the role
        d.asSlave();
        assertThat(scheduler.pending()).isZero(); // cancelled, nothing scheduled any more
        assertThat(scheduler.advanceMs(100)).isZero();
        d.asMaster();
        assertThat(scheduler.advanceMs(5)).isEqualTo(1);
        assertThat(runs[0]).isEqualTo(4);
    }
}
