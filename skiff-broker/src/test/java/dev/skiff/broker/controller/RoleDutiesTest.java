package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    void aPeriodicDutyRunsOnlyWhileItsRoleLasts() throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            CountDownLatch ran = new CountDownLatch(3);
            RoleDuties d = new RoleDuties().onMaster("check", RoleDuties.periodic(executor, ran::countDown, 10));
            d.asMaster();
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            d.asSlave();
            assertThat(executor.getQueue()).isEmpty(); // cancelled, nothing scheduled any more
        } finally {
            executor.shutdownNow();
        }
    }
}
