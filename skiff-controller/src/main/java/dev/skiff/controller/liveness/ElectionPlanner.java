package dev.skiff.controller.liveness;

import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ReplicaGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides, on the leader, which groups need an election: those whose master stopped
 * heart-beating, and those without a master that have an alive replica. It proposes an {@link
 * Command.ElectMaster} carrying the alive replicas; the state machine makes the actual choice.
 *
 * <p>Right after a peer becomes leader its view of heartbeats may be incomplete, so nothing is
 * proposed until one heartbeat timeout has passed since {@code leaderSinceMs}: the controller's
 * default, or the master's own timeout when it told a longer one. A master's lease (its timeout
 * less a margin) counts from before a call that the previous leader answered, so it has ended
 * before a new leader may elect.
 */
public final class ElectionPlanner {
    private final BrokerLiveTable live;
    private final boolean allowUnclean;

    public ElectionPlanner(BrokerLiveTable live, boolean allowUnclean) {
        this.live = live;
        this.allowUnclean = allowUnclean;
    }

    public List<Command.ElectMaster> plan(Collection<ReplicaGroup> groups, long nowMs, long leaderSinceMs) {
        List<Command.ElectMaster> commands = new ArrayList<>();
        if (nowMs - leaderSinceMs < live.defaultTimeoutMs()) {
            return commands;
        }
        for (ReplicaGroup g : groups) {
            if (g.hasMaster() && nowMs - leaderSinceMs < live.timeoutOf(g.brokerName(), g.masterId())) {
                continue; // the master told a longer timeout: its lease may still run
            }
            boolean masterDead = g.hasMaster() && !live.isAlive(g.brokerName(), g.masterId(), nowMs);
            boolean noMaster = !g.hasMaster() && g.masterEpoch() > 0;
            if (!masterDead && !noMaster) {
                continue;
            }
            var candidates = live.candidates(g.brokerName(), nowMs);
            boolean anyEligible = candidates.stream()
                    .anyMatch(c -> allowUnclean || g.syncStateSet().contains(c.brokerId()));
            if (masterDead || anyEligible) {
                commands.add(new Command.ElectMaster(
                        g.brokerName(), -1, Command.Trigger.CONTROLLER, candidates, allowUnclean));
            }
        }
        return commands;
    }
}
