package dev.skiff.controller.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ControllerState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the leader's scan proposes an election: never before the master's lease can have run out. */
class ElectionPlannerTest {
    private static final String NAME = "broker-a";

    private static ControllerState groupWithMaster(BrokerLiveTable live, long masterTimeoutMs) {
        ControllerState state = new ControllerState();
        for (long id = 1; id <= 2; id++) {
            state.apply(new Command.ApplyBrokerId("c", NAME, id, "k" + id));
            state.apply(new Command.RegisterBroker("c", NAME, id, "h:" + id));
        }
        live.onHeartbeat("c", NAME, 1, "h:1", 0, masterTimeoutMs, 0, 0, 0);
        state.apply(new Command.ElectMaster(NAME, -1, Command.Trigger.BROKER, live.candidates(NAME, 0), true));
        assertThat(state.group(NAME).orElseThrow().masterId()).isEqualTo(1);
        return state;
    }

    @Test
    void aNewLeaderWaitsForTheMastersOwnTimeoutWhenItIsLongerThanTheDefault() {
        BrokerLiveTable live = new BrokerLiveTable(3_000);
        ControllerState state = groupWithMaster(live, 10_000);
        long leaderSince = 1_000;
        // the master went silent at 0 and the slave heart-beats on; the leader started at 1 s
        live.onHeartbeat("c", NAME, 2, "h:2", 11_000, 10_000L, 0, 0, 0);
        assertThat(live.timeoutOf(NAME, 1)).isEqualTo(10_000);
        assertThat(planner(live).plan(state.groups().values(), 10_500, leaderSince))
                .as("the master's lease (counted from before the old leader's answer) may still run")
                .isEmpty();
        List<Command.ElectMaster> later = planner(live).plan(state.groups().values(), 11_001, leaderSince);
        assertThat(later).hasSize(1);
    }

    @Test
    void withTheDefaultTimeoutTheLeaderWaitsOneDefaultTimeoutAsBefore() {
        BrokerLiveTable live = new BrokerLiveTable(3_000);
        ControllerState state = groupWithMaster(live, 3_000);
        live.onHeartbeat("c", NAME, 2, "h:2", 3_900, 3_000L, 0, 0, 0);
        assertThat(planner(live).plan(state.groups().values(), 3_999, 1_000)).isEmpty();
        assertThat(planner(live).plan(state.groups().values(), 4_000, 1_000)).hasSize(1);
        assertThat(live.timeoutOf(NAME, 9)).as("unknown replica: the default").isEqualTo(3_000);
    }

    private static ElectionPlanner planner(BrokerLiveTable live) {
        return new ElectionPlanner(live, true);
    }
}
